import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { worstQuality } from '../../media';
import { meetingLink } from '../home';
import { ChatPanel } from './chat/ChatPanel';
import { ControlBar } from './controls/ControlBar';
import { ParticipantsPanel } from './participants/ParticipantsPanel';
import { ReactionsOverlay } from './ReactionsOverlay';
import type { MeetingSession } from './session/MeetingSession';
import type { MeetingState } from './state/meetingState';
import { TileGrid, type TileModel } from './tiles/TileGrid';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';

interface Props {
  session: MeetingSession;
  state: MeetingState;
  speakerId: string;
}

export function CallScreen({ session, state, speakerId }: Props) {
  const [panel, setPanel] = useState<'chat' | 'people' | null>(null);
  const [copied, setCopied] = useState(false);
  const code = state.meeting?.code ?? '';

  const openPanel = (next: 'chat' | 'people' | null) => {
    const value = next === panel ? null : next;
    setPanel(value);
    session.setChatOpen(value === 'chat');
  };

  const copyLink = () => {
    const link = meetingLink(code);
    void navigator.clipboard?.writeText(link).catch(() => undefined);
    setCopied(true);
  };

  useKeyboardShortcuts({
    'ctrl+d': () => session.toggleMic(),
    'ctrl+e': () => void session.toggleCamera(),
  });

  const tiles = useMemo<TileModel[]>(() => {
    const list: TileModel[] = [];
    const self = state.self;
    const active = state.activeSpeakerId;
    if (self) {
      list.push({
        key: `${self.id}:camera`,
        participantId: self.id,
        kind: 'camera',
        name: self.name,
        self: true,
        stream: state.localCamera,
        media: state.selfMedia,
        speaking: active === self.id,
      });
      if (state.localScreen)
        list.push({
          key: `${self.id}:screen`,
          participantId: self.id,
          kind: 'screen',
          name: self.name,
          self: true,
          stream: state.localScreen,
          media: state.selfMedia,
          speaking: false,
        });
    }
    for (const p of state.participants) {
      const media = state.remoteMedia[p.id];
      list.push({
        key: `${p.id}:camera`,
        participantId: p.id,
        kind: 'camera',
        name: p.name,
        self: false,
        stream: media?.camera ?? null,
        media: p.media,
        speaking: active === p.id,
        quality: state.quality[p.id],
        speakerId,
      });
      if (p.media.screen && media?.screen)
        list.push({
          key: `${p.id}:screen`,
          participantId: p.id,
          kind: 'screen',
          name: p.name,
          self: false,
          stream: media.screen,
          media: p.media,
          speaking: false,
        });
    }
    return list;
  }, [
    state.self,
    state.participants,
    state.remoteMedia,
    state.localCamera,
    state.localScreen,
    state.selfMedia,
    state.activeSpeakerId,
    state.quality,
    speakerId,
  ]);

  const poor = worstQuality(Object.values(state.quality)) === 'poor';
  const lobbyWaiting = state.self?.role === 'host' ? state.lobbyRequests.length : 0;
  const firstRequest = lobbyWaiting > 0 ? state.lobbyRequests[0] : undefined;

  return (
    <Box
      sx={{
        height: '100dvh',
        bgcolor: '#202124',
        display: 'flex',
        flexDirection: 'column',
        overflow: 'hidden',
        position: 'relative',
      }}
    >
      {state.reconnecting && (
        <Alert
          severity="warning"
          variant="filled"
          data-testid="banner-reconnecting"
          sx={{ borderRadius: 0, justifyContent: 'center' }}
        >
          Connection lost. Reconnecting…
        </Alert>
      )}
      {!state.reconnecting && poor && (
        <Alert
          severity="info"
          data-testid="banner-poor-connection"
          sx={{ borderRadius: 0, justifyContent: 'center', bgcolor: '#3c4043', color: '#e8eaed' }}
        >
          Your connection is unstable. Others may see and hear you with delays.
        </Alert>
      )}
      <Box
        sx={{ flex: 1, minHeight: 0, display: 'flex', gap: 2, p: 2, pb: 0, position: 'relative' }}
      >
        <TileGrid
          tiles={tiles}
          pinnedKey={state.pinnedId}
          onTogglePin={(key) => session.pin(state.pinnedId === key ? null : key)}
        />
        {state.participants.length === 0 && (
          <Box
            sx={{
              position: 'absolute',
              top: 24,
              left: 0,
              right: panel ? 376 : 0,
              display: 'flex',
              justifyContent: 'center',
              pointerEvents: 'none',
            }}
          >
            <Box
              sx={{
                bgcolor: 'rgba(255,255,255,0.95)',
                color: '#202124',
                borderRadius: 2,
                p: 2,
                maxWidth: 380,
                pointerEvents: 'auto',
                boxShadow: 4,
              }}
            >
              <Typography sx={{ fontWeight: 600 }}>You're the only one here</Typography>
              <Typography variant="body2" sx={{ my: 1, wordBreak: 'break-all' }}>
                Share this link with others you want in the meeting: {meetingLink(code)}
              </Typography>
              <Button size="small" variant="outlined" onClick={copyLink}>
                Copy joining link
              </Button>
            </Box>
          </Box>
        )}
        {panel === 'chat' && (
          <ChatPanel
            messages={state.chat}
            selfId={state.self?.id ?? null}
            onSend={(t) => session.sendChat(t)}
            onClose={() => openPanel(null)}
          />
        )}
        {panel === 'people' && state.self && (
          <ParticipantsPanel
            self={state.self}
            selfMedia={state.selfMedia}
            participants={state.participants}
            lobbyRequests={state.lobbyRequests}
            locked={state.meeting?.locked ?? false}
            onHostAction={(a, id) => void session.hostAction(a, id)}
            onLock={(l) => void session.setLocked(l)}
            onEndForAll={() => void session.endForAll()}
            onClose={() => openPanel(null)}
          />
        )}
        <ReactionsOverlay reactions={state.reactions} />
      </Box>
      <ControlBar
        code={code}
        media={state.selfMedia}
        panel={panel}
        unread={state.unread}
        peopleCount={state.participants.length + 1}
        lobbyWaiting={lobbyWaiting}
        canShare={typeof navigator.mediaDevices?.getDisplayMedia === 'function'}
        onMic={() => session.toggleMic()}
        onCamera={() => void session.toggleCamera()}
        onShare={() => void (state.selfMedia.screen ? session.stopShare() : session.startShare())}
        onHand={() => session.toggleHand()}
        onReact={(e) => session.react(e)}
        onCopyLink={copyLink}
        onPanel={openPanel}
        onLeave={() => void session.leave()}
      />
      <Snackbar
        open={copied}
        autoHideDuration={2500}
        onClose={() => setCopied(false)}
        message="Joining link copied"
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      />
      <Snackbar
        key={state.notice?.key}
        open={!!state.notice}
        autoHideDuration={5000}
        onClose={() => session.dismissNotice()}
        message={state.notice?.text}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        sx={{ bottom: { xs: 96 } }}
      />
      <Snackbar
        open={!!firstRequest && panel !== 'people'}
        message={firstRequest ? `${firstRequest.name} wants to join this call` : ''}
        anchorOrigin={{ vertical: 'top', horizontal: 'right' }}
        action={
          firstRequest && (
            <>
              <Button
                color="inherit"
                size="small"
                onClick={() => void session.hostAction('lobby:deny', firstRequest.id)}
              >
                Deny
              </Button>
              <Button
                color="primary"
                size="small"
                variant="contained"
                onClick={() => void session.hostAction('lobby:admit', firstRequest.id)}
              >
                Admit
              </Button>
            </>
          )
        }
      />
    </Box>
  );
}
