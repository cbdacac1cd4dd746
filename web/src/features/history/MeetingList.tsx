import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import ListItem from '@mui/material/ListItem';
import EventIcon from '@mui/icons-material/EventOutlined';
import { useNavigate } from 'react-router-dom';
import type { HistoryEntry } from '../../api';
import { formatDuration, formatWhen } from './format';

/** Past meetings, newest first; the ones that can be rejoined are clickable. */
export function MeetingList({ meetings }: { meetings: HistoryEntry[] }) {
  const navigate = useNavigate();
  return (
    <List aria-label="Past meetings" disablePadding>
      {meetings.map((m) => {
        const text = (
          <>
            <ListItemIcon>
              <EventIcon />
            </ListItemIcon>
            <ListItemText
              primary={m.title || m.code}
              secondary={`${formatWhen(m.joinedAt)} · ${formatDuration(m.durationSeconds)} · Host: ${m.hostName}`}
            />
            {m.canRejoin && <Chip size="small" color="primary" variant="outlined" label="Rejoin" />}
          </>
        );
        const key = `${m.code}-${m.joinedAt}`;
        return m.canRejoin ? (
          <ListItemButton
            key={key}
            data-testid="history-item"
            data-code={m.code}
            onClick={() => navigate(`/m/${m.code}`)}
            sx={{ borderRadius: 2 }}
          >
            {text}
          </ListItemButton>
        ) : (
          <ListItem key={key} data-testid="history-item" data-code={m.code}>
            {text}
          </ListItem>
        );
      })}
    </List>
  );
}
