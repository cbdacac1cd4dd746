import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import BackHandIcon from '@mui/icons-material/BackHand';
import MicOffIcon from '@mui/icons-material/MicOff';
import PushPinIcon from '@mui/icons-material/PushPin';
import PushPinOutlinedIcon from '@mui/icons-material/PushPinOutlined';
import ScreenShareIcon from '@mui/icons-material/ScreenShare';
import SignalCellularAlt1BarIcon from '@mui/icons-material/SignalCellularAlt1Bar';
import type { MediaState } from '../../../api';
import type { Quality } from '../../../media';
import { avatarColor, initials } from '../../../ui/avatar';
import { VideoView } from '../../../ui/VideoView';

export interface TileProps {
  participantId: string;
  name: string;
  kind: 'camera' | 'screen';
  self: boolean;
  stream: MediaStream | null;
  media: MediaState;
  speaking: boolean;
  pinned: boolean;
  quality?: Quality;
  speakerId?: string;
  onTogglePin(): void;
  width?: number;
  height?: number;
}

export function Tile(props: TileProps) {
  const {
    participantId,
    name,
    kind,
    self,
    stream,
    media,
    speaking,
    pinned,
    quality,
    speakerId,
    onTogglePin,
    width,
    height,
  } = props;
  const showVideo = kind === 'screen' ? !!stream : media.video && !!stream;
  const label =
    kind === 'screen'
      ? `${self ? 'You are' : `${name} is`} presenting`
      : self
        ? `${name} (You)`
        : name;
  const avatarSize = Math.max(48, Math.min(112, (height ?? 200) * 0.38));

  return (
    <Box
      data-testid="tile"
      data-participant-id={participantId}
      data-name={name}
      data-kind={kind}
      data-self={self ? 'true' : 'false'}
      data-audio={media.audio ? 'on' : 'off'}
      data-video={showVideo ? 'on' : 'off'}
      data-speaking={speaking ? 'true' : 'false'}
      sx={{
        position: 'relative',
        width: width ?? '100%',
        height: height ?? '100%',
        borderRadius: '12px',
        overflow: 'hidden',
        bgcolor: kind === 'screen' ? '#111214' : '#3c4043',
        outline: speaking && kind === 'camera' ? '3px solid #8ab4f8' : '3px solid transparent',
        outlineOffset: -3,
        transition: 'outline-color 150ms',
        '&:hover .tile-pin, &:focus-within .tile-pin': { opacity: 1 },
      }}
    >
      {stream && (
        <VideoView
          stream={stream}
          // Our own tile never plays audio; a screen share carries none.
          muted={self || kind === 'screen'}
          mirrored={self && kind === 'camera'}
          fit={kind === 'screen' ? 'contain' : 'cover'}
          hidden={!showVideo}
          speakerId={speakerId}
          label={label}
        />
      )}
      {!showVideo && (
        <Box sx={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center' }}>
          {kind === 'screen' ? (
            <ScreenShareIcon sx={{ fontSize: 48, color: '#9aa0a6' }} />
          ) : (
            <Avatar
              sx={{
                width: avatarSize,
                height: avatarSize,
                fontSize: avatarSize * 0.4,
                bgcolor: avatarColor(participantId),
                color: '#fff',
                boxShadow: speaking ? '0 0 0 6px rgba(138,180,248,0.35)' : 'none',
              }}
            >
              {initials(name)}
            </Avatar>
          )}
        </Box>
      )}
      <Box sx={{ position: 'absolute', top: 8, right: 8, display: 'flex', gap: 0.75 }}>
        {media.hand && kind === 'camera' && (
          <Tooltip title="Hand raised">
            <Box data-testid="hand-indicator" sx={indicator('#fbbc04', '#202124')}>
              <BackHandIcon sx={{ fontSize: 16 }} />
            </Box>
          </Tooltip>
        )}
        {!media.audio && kind === 'camera' && (
          <Tooltip title="Microphone off">
            <Box
              data-testid="muted-indicator"
              aria-label="Microphone off"
              sx={indicator('rgba(32,33,36,0.75)', '#fff')}
            >
              <MicOffIcon sx={{ fontSize: 16 }} />
            </Box>
          </Tooltip>
        )}
        {quality === 'poor' && !self && (
          <Tooltip title="Poor connection">
            <Box sx={indicator('rgba(32,33,36,0.75)', '#f28b82')}>
              <SignalCellularAlt1BarIcon sx={{ fontSize: 16 }} />
            </Box>
          </Tooltip>
        )}
      </Box>
      <Tooltip title={pinned ? 'Unpin' : 'Pin to the main view'}>
        <IconButton
          className="tile-pin"
          aria-label={pinned ? `Unpin ${name}` : `Pin ${name}`}
          onClick={onTogglePin}
          size="small"
          sx={{
            position: 'absolute',
            top: 8,
            left: 8,
            opacity: pinned ? 1 : 0,
            transition: 'opacity 150ms',
            bgcolor: 'rgba(32,33,36,0.6)',
            color: '#fff',
            '&:hover': { bgcolor: 'rgba(32,33,36,0.85)' },
          }}
        >
          {pinned ? <PushPinIcon fontSize="small" /> : <PushPinOutlinedIcon fontSize="small" />}
        </IconButton>
      </Tooltip>
      <Typography
        data-testid="tile-name"
        noWrap
        sx={{
          position: 'absolute',
          left: 12,
          bottom: 8,
          right: 12,
          color: '#fff',
          fontSize: 14,
          fontWeight: 500,
          textShadow: '0 1px 3px rgba(0,0,0,0.8)',
        }}
      >
        {label}
      </Typography>
    </Box>
  );
}

function indicator(bg: string, fg: string) {
  return {
    width: 26,
    height: 26,
    borderRadius: '50%',
    bgcolor: bg,
    color: fg,
    display: 'grid',
    placeItems: 'center',
  };
}
