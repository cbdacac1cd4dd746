import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { useAuth } from '../auth';
import { HomePage } from './HomePage';
import { LandingPage } from './LandingPage';

export function HomeOrLanding() {
  const { status } = useAuth();
  if (status === 'loading')
    return (
      <Box sx={{ display: 'grid', placeItems: 'center', py: 10 }}>
        <CircularProgress />
      </Box>
    );
  return status === 'signedIn' ? <HomePage /> : <LandingPage />;
}
