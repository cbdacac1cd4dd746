import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useState } from 'react';
import { meetingsApi, toApiError, type HistoryEntry } from '../../api';
import { MeetingList } from './MeetingList';

const PAGE = 20;

export function HistoryPage() {
  const [meetings, setMeetings] = useState<HistoryEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (before?: string) => {
    setLoading(true);
    try {
      const page = await meetingsApi.history({ limit: PAGE, before });
      setMeetings((prev) => (before ? [...prev, ...page.meetings] : page.meetings));
      setNextBefore(page.nextBefore);
      setError(null);
    } catch (err) {
      setError(toApiError(err).message);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Box sx={{ maxWidth: 760, mx: 'auto', px: 2, py: 4 }}>
      <Typography variant="h4" gutterBottom sx={{ fontWeight: 600 }}>
        Meeting history
      </Typography>
      {error && <Alert severity="error">{error}</Alert>}
      <Paper variant="outlined" sx={{ p: 1 }}>
        {meetings.length > 0 ? (
          <MeetingList meetings={meetings} />
        ) : (
          !loading && (
            <Typography color="text.secondary" sx={{ p: 3 }}>
              No meetings yet. The meetings you join show up here.
            </Typography>
          )
        )}
        {loading && (
          <Box sx={{ display: 'grid', placeItems: 'center', p: 2 }}>
            <CircularProgress size={28} />
          </Box>
        )}
      </Paper>
      {nextBefore && !loading && (
        <Box sx={{ textAlign: 'center', mt: 2 }}>
          <Button onClick={() => void load(nextBefore)}>Show older</Button>
        </Box>
      )}
    </Box>
  );
}
