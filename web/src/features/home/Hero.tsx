import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

/** The two-column welcome block shared by the landing and home pages. */
export function Hero({
  title,
  subtitle,
  children,
  aside,
}: {
  title: string;
  subtitle: string;
  children: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <Box
      sx={{
        maxWidth: 1160,
        mx: 'auto',
        px: { xs: 2, md: 4 },
        py: { xs: 5, md: 10 },
        display: 'grid',
        gap: 6,
        gridTemplateColumns: { xs: '1fr', md: '1.1fr 1fr' },
        alignItems: 'center',
      }}
    >
      <Stack spacing={3}>
        <Typography
          variant="h3"
          component="h1"
          sx={{ fontWeight: 500, fontSize: { xs: 32, md: 44 }, lineHeight: 1.15 }}
        >
          {title}
        </Typography>
        <Typography variant="h6" color="text.secondary" sx={{ fontWeight: 400 }}>
          {subtitle}
        </Typography>
        {children}
      </Stack>
      <Box>{aside ?? <Illustration />}</Box>
    </Box>
  );
}

function Illustration() {
  const tiles = ['#5e35b1', '#00897b', '#f4511e', '#1e88e5'];
  return (
    <Box
      aria-hidden
      sx={{
        bgcolor: '#202124',
        borderRadius: 4,
        p: 2,
        display: 'grid',
        gridTemplateColumns: '1fr 1fr',
        gap: 1.5,
        boxShadow: 6,
      }}
    >
      {tiles.map((c, i) => (
        <Box
          key={c}
          sx={{
            aspectRatio: '16 / 9',
            borderRadius: 2,
            bgcolor: '#3c4043',
            display: 'grid',
            placeItems: 'center',
            outline: i === 1 ? '3px solid #8ab4f8' : 'none',
          }}
        >
          <Box sx={{ width: 48, height: 48, borderRadius: '50%', bgcolor: c }} />
        </Box>
      ))}
    </Box>
  );
}
