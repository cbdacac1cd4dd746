import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';

interface Props {
  title: string;
  detail?: string;
  onRejoin?: () => void;
}

export function EndScreen({ title, detail, onRejoin }: Props) {
  return (
    <Box
      data-testid="end-screen"
      sx={{ minHeight: '70vh', display: 'grid', placeItems: 'center', px: 2, textAlign: 'center' }}
    >
      <Stack spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h4" component="h1" sx={{ fontWeight: 500 }}>
          {title}
        </Typography>
        {detail && <Typography color="text.secondary">{detail}</Typography>}
        <Stack direction="row" spacing={2}>
          {onRejoin && (
            <Button variant="outlined" onClick={onRejoin}>
              Rejoin
            </Button>
          )}
          <Button variant="contained" component={RouterLink} to="/">
            Return to home screen
          </Button>
        </Stack>
      </Stack>
    </Box>
  );
}
