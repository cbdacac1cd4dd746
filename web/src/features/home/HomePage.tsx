import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import VideoCallIcon from '@mui/icons-material/VideoCall';
import { useEffect, useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { meetingsApi, type HistoryEntry } from '../../api';
import { useAuth } from '../auth';
import { MeetingList } from '../history';
import { Hero } from './Hero';
import { JoinByCode } from './JoinByCode';
import { NewMeetingDialog } from './NewMeetingDialog';

export function HomePage() {
  const { user } = useAuth();
  const navigate = useNavigate();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [recent, setRecent] = useState<HistoryEntry[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    meetingsApi
      .history({ limit: 5 })
      .then((page) => !cancelled && setRecent(page.meetings))
      .catch(() => !cancelled && setRecent([]));
    return () => {
      cancelled = true;
    };
  }, []);

  const recentBlock = (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', px: 1 }}>
        <Typography variant="h6">Recent meetings</Typography>
        <Button component={RouterLink} to="/history" size="small">
          See all
        </Button>
      </Stack>
      {recent && recent.length > 0 ? (
        <MeetingList meetings={recent} />
      ) : (
        <Typography color="text.secondary" sx={{ p: 1 }}>
          {recent ? 'Meetings you join will appear here.' : 'Loading…'}
        </Typography>
      )}
    </Paper>
  );

  return (
    <>
      <Hero
        title={`Hi ${user?.name.split(' ')[0] ?? ''}, ready to meet?`}
        subtitle="Start a meeting now and share the link, or join one with a code."
        aside={recentBlock}
      >
        <Stack
          direction={{ xs: 'column', sm: 'row' }}
          spacing={2}
          sx={{ alignItems: { sm: 'flex-start' } }}
        >
          <Button
            variant="contained"
            size="large"
            startIcon={<VideoCallIcon />}
            onClick={() => setDialogOpen(true)}
            sx={{ mt: 0.5, whiteSpace: 'nowrap', flexShrink: 0 }}
          >
            New meeting
          </Button>
          <JoinByCode />
        </Stack>
        <Divider />
      </Hero>
      <NewMeetingDialog
        open={dialogOpen}
        onClose={() => setDialogOpen(false)}
        onCreated={(m) => navigate(`/m/${m.code}`)}
      />
    </>
  );
}
