import Box from '@mui/material/Box';
import { keyframes } from '@mui/material/styles';
import type { Reaction } from './state/meetingState';

const floatUp = keyframes`
  0% { transform: translateY(0); opacity: 0; }
  10% { opacity: 1; }
  80% { opacity: 1; }
  100% { transform: translateY(-55vh); opacity: 0; }
`;

/** Emoji reactions drifting up from the bottom-left corner, with the sender's name. */
export function ReactionsOverlay({ reactions }: { reactions: Reaction[] }) {
  return (
    <Box
      aria-live="polite"
      sx={{
        position: 'absolute',
        left: 24,
        bottom: 8,
        width: 200,
        height: 0,
        pointerEvents: 'none',
        zIndex: 3,
      }}
    >
      {reactions.map((r) => (
        <Box
          key={r.key}
          data-testid="reaction"
          sx={{
            position: 'absolute',
            bottom: 0,
            left: (r.key * 37) % 140,
            display: 'flex',
            flexDirection: 'column',
            alignItems: 'center',
            animation: `${floatUp} 4s ease-out forwards`,
          }}
        >
          <Box sx={{ fontSize: 36 }}>{r.emoji}</Box>
          {r.name && (
            <Box
              sx={{ fontSize: 12, color: '#202124', bgcolor: '#e8eaed', borderRadius: 2, px: 1 }}
            >
              {r.name}
            </Box>
          )}
        </Box>
      ))}
    </Box>
  );
}
