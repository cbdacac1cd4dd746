import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ThemeProvider } from '@mui/material/styles';
import { useEffect, useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { ApiError, meetingsApi, toApiError, type MeetingInfo } from '../../api';
import { callTheme } from '../../ui/theme';
import { useAuth } from '../auth';
import { parseMeetingCode } from '../home';
import { Lobby, type JoinChoice } from '../lobby';
import { Logo } from '../../ui/Logo';
import { CallScreen } from './CallScreen';
import { EndScreen } from './EndScreen';
import { MeetingSession } from './session/MeetingSession';
import { useMeetingState } from './useMeetingSession';

/** Errors that send the user back to the lobby form rather than to an end screen. */
const RETRY_IN_LOBBY = new Set([
  'password_required',
  'wrong_password',
  'timeout',
  'unknown',
  'meeting_full',
  'meeting_locked',
]);

export function MeetingRoute() {
  const params = useParams();
  const code = parseMeetingCode(params.code ?? '');
  const { status: authStatus, user, token } = useAuth();
  const [info, setInfo] = useState<MeetingInfo | null>(null);
  const [infoError, setInfoError] = useState<ApiError | null>(null);
  const [session, setSession] = useState<MeetingSession | null>(null);
  const [lobbyKey, setLobbyKey] = useState(0);
  const [lobbyError, setLobbyError] = useState<{ code: string; message: string } | null>(null);
  const [speakerId, setSpeakerId] = useState('');
  const state = useMeetingState(session);

  useEffect(() => {
    if (!code) return;
    let cancelled = false;
    meetingsApi
      .get(code)
      .then((i) => !cancelled && setInfo(i))
      .catch((err: unknown) => !cancelled && setInfoError(toApiError(err)));
    return () => {
      cancelled = true;
    };
  }, [code, lobbyKey]);

  useEffect(() => () => session?.dispose(), [session]);

  useEffect(() => {
    if (state.phase === 'failed' && state.error && RETRY_IN_LOBBY.has(state.error.code)) {
      setLobbyError(state.error);
      setSession(null);
      setLobbyKey((k) => k + 1);
    }
  }, [state.phase, state.error]);

  const join = (choice: JoinChoice) => {
    if (!code) return;
    setLobbyError(null);
    setSpeakerId(choice.speakerId);
    const s = new MeetingSession({
      code,
      auth: token && user ? { token } : { guestName: choice.guestName ?? 'Guest' },
      password: choice.password,
      audioTrack: choice.audioTrack,
      videoTrack: choice.videoTrack,
      startMuted: choice.startMuted,
      cameraDeviceId: choice.cameraId || undefined,
    });
    setSession(s);
    s.start();
  };

  const rejoin = () => {
    setSession(null);
    setInfo(null);
    setLobbyKey((k) => k + 1);
  };

  if (!code || infoError?.code === 'meeting_not_found' || infoError?.status === 404)
    return (
      <Page>
        <EndScreen
          title="Check your meeting code"
          detail="There is no meeting with this code. Make sure you entered the right one, or ask the host for a new link."
        />
      </Page>
    );

  if (state.phase === 'joined' && session)
    return (
      <ThemeProvider theme={callTheme}>
        <CallScreen session={session} state={state} speakerId={speakerId} />
      </ThemeProvider>
    );

  switch (state.phase) {
    case 'left':
      return (
        <Page>
          <EndScreen title="You left the meeting" onRejoin={rejoin} />
        </Page>
      );
    case 'removed':
      return (
        <Page>
          <EndScreen
            title="You've been removed from the meeting"
            detail="The host removed you from this call."
          />
        </Page>
      );
    case 'ended':
      return (
        <Page>
          <EndScreen
            title="The meeting has ended"
            detail="The host ended this meeting for everyone."
          />
        </Page>
      );
    case 'denied':
      return (
        <Page>
          <EndScreen title="You can't join this call" detail="The host did not let you in." />
        </Page>
      );
    case 'failed':
      if (!state.error || !RETRY_IN_LOBBY.has(state.error.code))
        return (
          <Page>
            <EndScreen
              title="You can't join this meeting"
              detail={state.error?.message}
              onRejoin={rejoin}
            />
          </Page>
        );
      break;
    default:
      break;
  }

  if (infoError)
    return (
      <Page>
        <EndScreen title="Something went wrong" detail={infoError.message} onRejoin={rejoin} />
      </Page>
    );
  if (!info || authStatus === 'loading')
    return (
      <Page>
        <Box sx={{ display: 'grid', placeItems: 'center', py: 12 }}>
          <CircularProgress />
        </Box>
      </Page>
    );
  if (info.ended)
    return (
      <Page>
        <EndScreen
          title="This meeting has ended"
          detail="Start a new meeting from the home screen."
        />
      </Page>
    );
  if (!info.guestsAllowed && authStatus !== 'signedIn')
    return (
      <Page>
        <EndScreen
          title="Sign in to join"
          detail="This meeting is for people with an account on this server."
        />
        <Box sx={{ textAlign: 'center' }}>
          <RouterLink to={`/signin?next=${encodeURIComponent(`/m/${code}`)}`}>Sign in</RouterLink>
        </Box>
      </Page>
    );

  const lobbyStatus =
    state.phase === 'waiting' ? 'waiting' : state.phase === 'connecting' ? 'connecting' : 'idle';
  const passwordError =
    lobbyError && (lobbyError.code === 'wrong_password' || lobbyError.code === 'password_required')
      ? lobbyError.message
      : null;
  return (
    <Page>
      <Lobby
        key={lobbyKey}
        info={info.requiresPassword || !passwordError ? info : { ...info, requiresPassword: true }}
        userName={authStatus === 'signedIn' && user ? user.name : null}
        status={lobbyStatus}
        error={passwordError ? null : (lobbyError?.message ?? null)}
        passwordError={passwordError}
        onJoin={join}
      />
    </Page>
  );
}

function Page({ children }: { children: React.ReactNode }) {
  return (
    <Box sx={{ minHeight: '100vh', bgcolor: 'background.default' }}>
      <Stack
        direction="row"
        spacing={1}
        component={RouterLink}
        to="/"
        sx={{
          alignItems: 'center',
          p: 2,
          color: 'inherit',
          textDecoration: 'none',
          width: 'fit-content',
        }}
      >
        <Logo />
        <Typography variant="h6" sx={{ fontWeight: 600 }}>
          Parley
        </Typography>
      </Stack>
      {children}
    </Box>
  );
}
