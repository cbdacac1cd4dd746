import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import MicIcon from '@mui/icons-material/Mic';
import MicOffIcon from '@mui/icons-material/MicOff';
import VideocamIcon from '@mui/icons-material/Videocam';
import VideocamOffIcon from '@mui/icons-material/VideocamOff';
import VolumeUpIcon from '@mui/icons-material/VolumeUp';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { MeetingInfo } from '../../api';
import { canChooseSpeaker } from '../../media';
import { VideoView } from '../../ui/VideoView';
import { DevicePicker } from './DevicePicker';
import { LevelMeter } from './LevelMeter';
import { useLocalPreview } from './useLocalPreview';

export interface JoinChoice {
  audioTrack: MediaStreamTrack | null;
  videoTrack: MediaStreamTrack | null;
  startMuted: boolean;
  guestName?: string;
  password?: string;
  cameraId: string;
  micId: string;
  speakerId: string;
}

interface LobbyProps {
  info: MeetingInfo;
  /** Display name of the signed-in user, or null for a guest. */
  userName: string | null;
  status: 'idle' | 'connecting' | 'waiting';
  error: string | null;
  passwordError?: string | null;
  onJoin(choice: JoinChoice): void;
}

const GUEST_NAME_KEY = 'parley.guestName';

export function Lobby({ info, userName, status, error, passwordError, onJoin }: LobbyProps) {
  const [cameraOn, setCameraOn] = useState(true);
  const [muted, setMuted] = useState(false);
  const [cameraId, setCameraId] = useState('');
  const [micId, setMicId] = useState('');
  const [speakerId, setSpeakerId] = useState('');
  const [guestName, setGuestName] = useState(() => localStorage.getItem(GUEST_NAME_KEY) ?? '');
  const [password, setPassword] = useState('');
  const preview = useLocalPreview({ cameraOn, cameraId, micId });
  const previewStream = useMemo(
    () => (preview.videoTrack ? new MediaStream([preview.videoTrack]) : null),
    [preview.videoTrack],
  );
  const busy = status !== 'idle';
  const needsName = userName === null;

  useEffect(() => {
    if (preview.audioTrack) preview.audioTrack.enabled = !muted;
  }, [preview.audioTrack, muted]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (needsName && !guestName.trim()) return;
    if (needsName) localStorage.setItem(GUEST_NAME_KEY, guestName.trim());
    const { audioTrack, videoTrack } = preview.release();
    onJoin({
      audioTrack,
      videoTrack: cameraOn ? videoTrack : null,
      startMuted: muted,
      guestName: needsName ? guestName.trim() : undefined,
      password: info.requiresPassword ? password : undefined,
      cameraId,
      micId,
      speakerId,
    });
  };

  const displayName = userName ?? (guestName.trim() || 'You');

  return (
    <Box
      sx={{
        maxWidth: 1160,
        mx: 'auto',
        px: { xs: 2, md: 4 },
        py: { xs: 3, md: 6 },
        display: 'grid',
        gap: { xs: 3, md: 6 },
        gridTemplateColumns: { xs: '1fr', md: '1.5fr 1fr' },
        alignItems: 'center',
      }}
    >
      <Stack spacing={2}>
        <Box
          data-testid="lobby-preview"
          sx={{
            position: 'relative',
            aspectRatio: '16 / 9',
            borderRadius: 3,
            overflow: 'hidden',
            bgcolor: '#202124',
            color: '#fff',
            boxShadow: 3,
          }}
        >
          {previewStream && cameraOn && (
            <VideoView stream={previewStream} muted mirrored label="Your camera preview" />
          )}
          {(!cameraOn || !previewStream) && (
            <Box
              sx={{
                position: 'absolute',
                inset: 0,
                display: 'grid',
                placeItems: 'center',
                textAlign: 'center',
                p: 3,
              }}
            >
              <Typography color="#e8eaed">
                {!cameraOn ? 'Camera is off' : (preview.cameraError ?? 'Starting camera…')}
              </Typography>
            </Box>
          )}
          <Typography
            sx={{
              position: 'absolute',
              top: 12,
              left: 16,
              fontWeight: 500,
              textShadow: '0 1px 2px #000',
            }}
          >
            {displayName}
          </Typography>
          <Stack
            direction="row"
            spacing={2}
            sx={{
              position: 'absolute',
              bottom: 16,
              left: 0,
              right: 0,
              justifyContent: 'center',
              alignItems: 'center',
            }}
          >
            <Tooltip title={muted ? 'Turn on microphone' : 'Turn off microphone'}>
              <span>
                <IconButton
                  aria-label={muted ? 'Turn on microphone' : 'Turn off microphone'}
                  aria-pressed={muted}
                  disabled={!preview.audioTrack}
                  onClick={() => setMuted((m) => !m)}
                  sx={roundButton(muted)}
                >
                  {muted ? <MicOffIcon /> : <MicIcon />}
                </IconButton>
              </span>
            </Tooltip>
            <Tooltip title={cameraOn ? 'Turn off camera' : 'Turn on camera'}>
              <IconButton
                aria-label={cameraOn ? 'Turn off camera' : 'Turn on camera'}
                aria-pressed={!cameraOn}
                onClick={() => setCameraOn((c) => !c)}
                sx={roundButton(!cameraOn)}
              >
                {cameraOn ? <VideocamIcon /> : <VideocamOffIcon />}
              </IconButton>
            </Tooltip>
          </Stack>
          <Box sx={{ position: 'absolute', bottom: 28, left: 20 }}>
            <LevelMeter level={preview.level} muted={muted || !preview.audioTrack} />
          </Box>
        </Box>
        {preview.cameraError && cameraOn && (
          <Alert severity="warning" data-testid="camera-error">
            {preview.cameraError} You can still join without your camera.
          </Alert>
        )}
        {preview.micError && (
          <Alert severity="warning">{preview.micError} Others won't hear you.</Alert>
        )}
        <Box
          sx={{
            display: 'grid',
            gap: 1.5,
            gridTemplateColumns: { xs: '1fr', sm: 'repeat(3, 1fr)' },
          }}
        >
          <DevicePicker
            label="Microphone"
            icon={<MicIcon fontSize="small" />}
            devices={preview.devices.microphones}
            value={micId}
            onChange={setMicId}
          />
          {canChooseSpeaker() && (
            <DevicePicker
              label="Speaker"
              icon={<VolumeUpIcon fontSize="small" />}
              devices={preview.devices.speakers}
              value={speakerId}
              onChange={setSpeakerId}
            />
          )}
          <DevicePicker
            label="Camera"
            icon={<VideocamIcon fontSize="small" />}
            devices={preview.devices.cameras}
            value={cameraId}
            onChange={setCameraId}
          />
        </Box>
      </Stack>

      <Stack
        component="form"
        spacing={2.5}
        onSubmit={submit}
        aria-label="Join meeting"
        sx={{ textAlign: { md: 'center' }, alignItems: { md: 'center' } }}
      >
        <Typography variant="h4" component="h1" sx={{ fontWeight: 500 }}>
          {status === 'waiting' ? 'Asking to be let in…' : 'Ready to join?'}
        </Typography>
        <Typography color="text.secondary">
          {info.title ? `${info.title} · ` : ''}hosted by {info.hostName}
          <br />
          {info.participantCount === 0
            ? 'No one else is here yet'
            : `${info.participantCount} ${info.participantCount === 1 ? 'person is' : 'people are'} in the call`}
        </Typography>
        {error && (
          <Alert severity="error" sx={{ width: '100%' }}>
            {error}
          </Alert>
        )}
        {status === 'waiting' ? (
          <Stack spacing={2} data-testid="lobby-waiting" sx={{ alignItems: 'center' }}>
            <CircularProgress />
            <Typography color="text.secondary">
              You'll join the call when the host lets you in.
            </Typography>
          </Stack>
        ) : (
          <>
            {needsName && (
              <TextField
                label="Your name"
                name="guestName"
                value={guestName}
                onChange={(e) => setGuestName(e.target.value)}
                required
                fullWidth
                slotProps={{ htmlInput: { maxLength: 64 } }}
                helperText="You're joining as a guest"
              />
            )}
            {info.requiresPassword && (
              <TextField
                label="Meeting password"
                name="meetingPassword"
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
                fullWidth
                error={!!passwordError}
                helperText={passwordError ?? 'This meeting is protected by a password'}
              />
            )}
            <Button
              type="submit"
              variant="contained"
              size="large"
              disabled={
                busy || (needsName && !guestName.trim()) || (info.requiresPassword && !password)
              }
              sx={{ px: 5 }}
            >
              {busy ? 'Joining…' : 'Join now'}
            </Button>
          </>
        )}
      </Stack>
    </Box>
  );
}

function roundButton(off: boolean) {
  return {
    width: 52,
    height: 52,
    border: off ? 'none' : '1px solid rgba(255,255,255,0.7)',
    bgcolor: off ? '#ea4335' : 'transparent',
    color: '#fff',
    '&:hover': { bgcolor: off ? '#d33426' : 'rgba(255,255,255,0.15)' },
    '&.Mui-disabled': { color: 'rgba(255,255,255,0.4)' },
  };
}
