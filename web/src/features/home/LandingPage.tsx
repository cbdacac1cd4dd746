import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import VideoCallIcon from '@mui/icons-material/VideoCall';
import { Link as RouterLink } from 'react-router-dom';
import { Hero } from './Hero';
import { JoinByCode } from './JoinByCode';

export function LandingPage() {
  return (
    <Hero
      title="Video meetings you host yourself"
      subtitle="Parley runs on your own server. Start a meeting, share the link, and talk — no app to install, nobody else in the middle."
    >
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: { sm: 'flex-start' } }}
      >
        <Button
          component={RouterLink}
          to="/signin?next=%2F"
          variant="contained"
          size="large"
          startIcon={<VideoCallIcon />}
          sx={{ mt: 0.5, whiteSpace: 'nowrap', flexShrink: 0 }}
        >
          New meeting
        </Button>
        <JoinByCode />
      </Stack>
      <Divider />
      <Typography color="text.secondary">
        Have an invitation? Paste its link or code above — guests don't need an account.{' '}
        <RouterLink to="/signup">Create an account</RouterLink> to host meetings.
      </Typography>
    </Hero>
  );
}
