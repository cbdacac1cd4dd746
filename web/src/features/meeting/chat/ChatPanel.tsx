import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import InputBase from '@mui/material/InputBase';
import Typography from '@mui/material/Typography';
import SendIcon from '@mui/icons-material/Send';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ChatMessage } from '../../../api';
import { SidePanel } from '../SidePanel';

interface Props {
  messages: ChatMessage[];
  selfId: string | null;
  onSend(text: string): Promise<void>;
  onClose(): void;
}

function time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function ChatPanel({ messages, selfId, onSend, onClose }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
  }, [messages.length]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (!value) return;
    setText('');
    setError(null);
    try {
      await onSend(value);
    } catch (err) {
      setText(value);
      setError(err instanceof Error ? err.message : 'Message not sent');
    }
  };

  return (
    <SidePanel title="In-call messages" onClose={onClose} testId="chat-panel">
      <Typography
        sx={{
          mx: 2,
          mb: 1,
          p: 1.5,
          bgcolor: '#f1f3f4',
          borderRadius: 2,
          fontSize: 13,
          color: '#3c4043',
        }}
      >
        Messages can be seen by everyone in the call and are deleted when the call ends.
      </Typography>
      <Box
        ref={list}
        role="log"
        aria-label="Messages"
        sx={{ flex: 1, overflowY: 'auto', px: 3, py: 1 }}
      >
        {messages.map((m, i) => {
          const grouped = i > 0 && messages[i - 1]?.from === m.from;
          return (
            <Box key={m.id} data-testid="chat-message" sx={{ mt: grouped ? 0.5 : 2 }}>
              {!grouped && (
                <Typography sx={{ fontSize: 13, fontWeight: 600 }}>
                  {m.from === selfId ? 'You' : m.name}{' '}
                  <Box component="span" sx={{ fontWeight: 400, color: '#5f6368', ml: 0.5 }}>
                    {time(m.at)}
                  </Box>
                </Typography>
              )}
              <Typography sx={{ fontSize: 14, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {m.text}
              </Typography>
            </Box>
          );
        })}
      </Box>
      {error && <Typography sx={{ color: 'error.main', px: 3, fontSize: 13 }}>{error}</Typography>}
      <Box
        component="form"
        onSubmit={submit}
        sx={{
          m: 2,
          display: 'flex',
          alignItems: 'center',
          bgcolor: '#f1f3f4',
          borderRadius: 6,
          pl: 2,
        }}
      >
        <InputBase
          placeholder="Send a message"
          value={text}
          onChange={(e) => setText(e.target.value)}
          inputProps={{ maxLength: 2000, 'aria-label': 'Send a message' }}
          sx={{ flex: 1, color: '#202124' }}
          autoFocus
        />
        <IconButton type="submit" aria-label="Send message" disabled={!text.trim()} color="primary">
          <SendIcon />
        </IconButton>
      </Box>
    </SidePanel>
  );
}
