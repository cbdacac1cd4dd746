import VideocamRounded from '@mui/icons-material/VideocamRounded';
import Box from '@mui/material/Box';

export function Logo({ size = 32 }: { size?: number }) {
  return (
    <Box
      aria-hidden
      sx={{
        width: size,
        height: size,
        borderRadius: 2,
        display: 'grid',
        placeItems: 'center',
        color: '#fff',
        background: 'linear-gradient(135deg, #1a73e8 0%, #00897b 100%)',
      }}
    >
      <VideocamRounded sx={{ fontSize: size * 0.62 }} />
    </Box>
  );
}
