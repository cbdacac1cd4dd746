import Badge from '@mui/material/Badge';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Popover from '@mui/material/Popover';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import BackHandOutlinedIcon from '@mui/icons-material/BackHandOutlined';
import CallEndIcon from '@mui/icons-material/CallEnd';
import ChatOutlinedIcon from '@mui/icons-material/ChatOutlined';
import EmojiEmotionsOutlinedIcon from '@mui/icons-material/EmojiEmotionsOutlined';
import LinkIcon from '@mui/icons-material/Link';
import MicIcon from '@mui/icons-material/Mic';
import MicOffIcon from '@mui/icons-material/MicOff';
import PeopleOutlineIcon from '@mui/icons-material/PeopleOutlined';
import PresentToAllIcon from '@mui/icons-material/PresentToAll';
import CancelPresentationIcon from '@mui/icons-material/CancelPresentation';
import VideocamIcon from '@mui/icons-material/Videocam';
import VideocamOffIcon from '@mui/icons-material/VideocamOff';
import { useState, type ReactNode } from 'react';
import type { MediaState } from '../../../api';
import { useClock } from './useClock';

export const REACTIONS = ['👍', '❤️', '😂', '😮', '👏', '🎉'];

interface Props {
  code: string;
  media: MediaState;
  panel: 'chat' | 'people' | null;
  unread: number;
  peopleCount: number;
  lobbyWaiting: number;
  canShare: boolean;
  onMic(): void;
  onCamera(): void;
  onShare(): void;
  onHand(): void;
  onReact(emoji: string): void;
  onCopyLink(): void;
  onPanel(panel: 'chat' | 'people'): void;
  onLeave(): void;
}

export function ControlBar(p: Props) {
  const clock = useClock();
  const [reactAnchor, setReactAnchor] = useState<HTMLElement | null>(null);

  return (
    <Box
      component="footer"
      sx={{
        height: 80,
        flexShrink: 0,
        display: 'grid',
        gridTemplateColumns: { xs: '1fr auto', md: '1fr auto 1fr' },
        gap: 1,
        alignItems: 'center',
        px: { xs: 1, sm: 2 },
        color: '#e8eaed',
      }}
    >
      <Typography noWrap sx={{ display: { xs: 'none', md: 'block' }, fontSize: 15 }}>
        {clock}{' '}
        <Box component="span" sx={{ mx: 1, opacity: 0.5 }}>
          |
        </Box>{' '}
        <span data-testid="meeting-code">{p.code}</span>
      </Typography>
      <Stack
        direction="row"
        spacing={{ xs: 0.5, sm: 1.25 }}
        role="toolbar"
        aria-label="Call controls"
        sx={{ justifyContent: 'center' }}
      >
        <RoundButton
          label={p.media.audio ? 'Turn off microphone (ctrl + d)' : 'Turn on microphone (ctrl + d)'}
          aria={p.media.audio ? 'Turn off microphone' : 'Turn on microphone'}
          off={!p.media.audio}
          onClick={p.onMic}
          testId="toggle-mic"
        >
          {p.media.audio ? <MicIcon /> : <MicOffIcon />}
        </RoundButton>
        <RoundButton
          label={p.media.video ? 'Turn off camera (ctrl + e)' : 'Turn on camera (ctrl + e)'}
          aria={p.media.video ? 'Turn off camera' : 'Turn on camera'}
          off={!p.media.video}
          onClick={p.onCamera}
          testId="toggle-camera"
        >
          {p.media.video ? <VideocamIcon /> : <VideocamOffIcon />}
        </RoundButton>
        {p.canShare && (
          <RoundButton
            label={p.media.screen ? 'Stop presenting' : 'Present your screen'}
            aria={p.media.screen ? 'Stop presenting' : 'Present screen'}
            active={p.media.screen}
            onClick={p.onShare}
            testId="toggle-share"
          >
            {p.media.screen ? <CancelPresentationIcon /> : <PresentToAllIcon />}
          </RoundButton>
        )}
        <RoundButton
          label={p.media.hand ? 'Lower hand' : 'Raise hand'}
          aria={p.media.hand ? 'Lower hand' : 'Raise hand'}
          active={p.media.hand}
          onClick={p.onHand}
          testId="toggle-hand"
        >
          <BackHandOutlinedIcon />
        </RoundButton>
        <RoundButton
          label="Send a reaction"
          aria="Send a reaction"
          onClick={(e) => setReactAnchor(e.currentTarget)}
          testId="reactions"
          hideOnPhone
        >
          <EmojiEmotionsOutlinedIcon />
        </RoundButton>
        <Tooltip title="Leave call">
          <IconButton
            aria-label="Leave call"
            data-testid="leave"
            onClick={p.onLeave}
            sx={{
              width: 64,
              height: 48,
              borderRadius: 24,
              bgcolor: '#ea4335',
              color: '#fff',
              '&:hover': { bgcolor: '#d33426' },
            }}
          >
            <CallEndIcon />
          </IconButton>
        </Tooltip>
      </Stack>
      <Stack direction="row" spacing={0.5} sx={{ justifyContent: 'flex-end' }}>
        <Tooltip title="Copy joining link">
          <IconButton
            aria-label="Copy joining link"
            onClick={p.onCopyLink}
            sx={{ color: '#e8eaed', display: { xs: 'none', sm: 'inline-flex' } }}
          >
            <LinkIcon />
          </IconButton>
        </Tooltip>
        <Tooltip title="People">
          <IconButton
            aria-label="People"
            data-testid="open-people"
            onClick={() => p.onPanel('people')}
            sx={{ color: p.panel === 'people' ? '#8ab4f8' : '#e8eaed' }}
          >
            <Badge
              badgeContent={p.lobbyWaiting || p.peopleCount}
              color={p.lobbyWaiting ? 'error' : 'default'}
              sx={{
                '& .MuiBadge-badge': {
                  bgcolor: p.lobbyWaiting ? undefined : '#5f6368',
                  color: '#fff',
                },
              }}
            >
              <PeopleOutlineIcon />
            </Badge>
          </IconButton>
        </Tooltip>
        <Tooltip title="Chat with everyone">
          <IconButton
            aria-label="Chat"
            data-testid="open-chat"
            onClick={() => p.onPanel('chat')}
            sx={{ color: p.panel === 'chat' ? '#8ab4f8' : '#e8eaed' }}
          >
            <Badge
              badgeContent={p.unread}
              color="primary"
              max={99}
              slotProps={{ badge: { 'data-testid': 'chat-badge' } as object }}
            >
              <ChatOutlinedIcon />
            </Badge>
          </IconButton>
        </Tooltip>
      </Stack>
      <Popover
        open={!!reactAnchor}
        anchorEl={reactAnchor}
        onClose={() => setReactAnchor(null)}
        anchorOrigin={{ vertical: 'top', horizontal: 'center' }}
        transformOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        slotProps={{ paper: { sx: { borderRadius: 8, p: 0.5 } } }}
      >
        <Stack direction="row">
          {REACTIONS.map((e) => (
            <IconButton
              key={e}
              aria-label={`React ${e}`}
              onClick={() => p.onReact(e)}
              sx={{ fontSize: 26 }}
            >
              {e}
            </IconButton>
          ))}
        </Stack>
      </Popover>
    </Box>
  );
}

function RoundButton(props: {
  label: string;
  aria: string;
  off?: boolean;
  active?: boolean;
  testId: string;
  onClick(e: React.MouseEvent<HTMLElement>): void;
  children: ReactNode;
  hideOnPhone?: boolean;
}) {
  const { label, aria, off, active, testId, onClick, children, hideOnPhone } = props;
  return (
    <Tooltip title={label}>
      <IconButton
        aria-label={aria}
        aria-pressed={off ? true : active ? true : false}
        data-testid={testId}
        onClick={onClick}
        sx={{
          width: 48,
          height: 48,
          display: hideOnPhone ? { xs: 'none', sm: 'inline-flex' } : undefined,
          bgcolor: off ? '#ea4335' : active ? '#8ab4f8' : '#3c4043',
          color: active ? '#202124' : '#fff',
          '&:hover': { bgcolor: off ? '#d33426' : active ? '#aecbfa' : '#4a4e51' },
        }}
      >
        {children}
      </IconButton>
    </Tooltip>
  );
}
