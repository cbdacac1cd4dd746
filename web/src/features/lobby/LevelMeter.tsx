import Box from '@mui/material/Box';
import { meterScale } from '../../media';

/** Three bars that grow with the microphone level, like the pre-join meter people know. */
export function LevelMeter({ level, muted }: { level: number; muted: boolean }) {
  const scaled = muted ? 0 : meterScale(level);
  return (
    <Box
      role="meter"
      aria-label="Microphone level"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(scaled * 100)}
      sx={{ display: 'flex', alignItems: 'center', gap: '3px', height: 18 }}
    >
      {[0.6, 1, 0.6].map((k, i) => (
        <Box
          key={i}
          sx={{
            width: 4,
            borderRadius: 2,
            bgcolor: '#8ab4f8',
            height: `${Math.max(4, Math.min(18, 4 + scaled * 14 * k * 1.4))}px`,
            transition: 'height 80ms linear',
          }}
        />
      ))}
    </Box>
  );
}
