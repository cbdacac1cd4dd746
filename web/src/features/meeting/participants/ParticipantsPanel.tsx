import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemAvatar from '@mui/material/ListItemAvatar';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import BackHandIcon from '@mui/icons-material/BackHand';
import MicIcon from '@mui/icons-material/Mic';
import MicOffIcon from '@mui/icons-material/MicOff';
import MoreVertIcon from '@mui/icons-material/MoreVert';
import { useState } from 'react';
import type { Participant, SelfInfo, MediaState } from '../../../api';
import { avatarColor, initials } from '../../../ui/avatar';
import { SidePanel } from '../SidePanel';
import type { LobbyRequest } from '../state/meetingState';

type HostAction = 'host:mute' | 'host:remove' | 'host:promote' | 'lobby:admit' | 'lobby:deny';

interface Props {
  self: SelfInfo;
  selfMedia: MediaState;
  participants: Participant[];
  lobbyRequests: LobbyRequest[];
  locked: boolean;
  onHostAction(action: HostAction, id: string): void;
  onLock(locked: boolean): void;
  onEndForAll(): void;
  onClose(): void;
}

const roleLabel = { host: 'Meeting host', member: '', guest: 'Guest' } as const;

export function ParticipantsPanel(p: Props) {
  const isHost = p.self.role === 'host';
  const [menu, setMenu] = useState<{ anchor: HTMLElement; who: Participant } | null>(null);
  const everyone: (Participant & { isSelf?: boolean })[] = [
    { id: p.self.id, name: p.self.name, role: p.self.role, media: p.selfMedia, isSelf: true },
    ...p.participants,
  ];

  const act = (action: HostAction, id: string) => {
    setMenu(null);
    p.onHostAction(action, id);
  };

  return (
    <SidePanel title="People" onClose={p.onClose} testId="people-panel">
      <Box sx={{ flex: 1, overflowY: 'auto', px: 1 }}>
        {isHost && p.lobbyRequests.length > 0 && (
          <>
            <Typography
              sx={{
                px: 2,
                pt: 1,
                fontSize: 12,
                fontWeight: 600,
                color: '#5f6368',
                textTransform: 'uppercase',
              }}
            >
              Waiting to join
            </Typography>
            <List dense>
              {p.lobbyRequests.map((r) => (
                <ListItem
                  key={r.id}
                  data-testid="lobby-request"
                  secondaryAction={
                    <>
                      <Button size="small" onClick={() => act('lobby:deny', r.id)}>
                        Deny
                      </Button>
                      <Button
                        size="small"
                        variant="contained"
                        onClick={() => act('lobby:admit', r.id)}
                      >
                        Admit
                      </Button>
                    </>
                  }
                >
                  <ListItemAvatar>
                    <Avatar sx={{ bgcolor: avatarColor(r.id), color: '#fff' }}>
                      {initials(r.name)}
                    </Avatar>
                  </ListItemAvatar>
                  <ListItemText primary={r.name} />
                </ListItem>
              ))}
            </List>
            <Divider />
          </>
        )}
        <Typography
          sx={{
            px: 2,
            pt: 1,
            fontSize: 12,
            fontWeight: 600,
            color: '#5f6368',
            textTransform: 'uppercase',
          }}
        >
          In the meeting · {everyone.length}
        </Typography>
        <List dense aria-label="Participants">
          {everyone.map((x) => (
            <ListItem
              key={x.id}
              data-testid="participant-row"
              data-participant-id={x.id}
              data-name={x.name}
              secondaryAction={
                <Box sx={{ display: 'flex', alignItems: 'center', color: '#5f6368' }}>
                  {x.media.hand && (
                    <BackHandIcon fontSize="small" sx={{ color: '#f9ab00', mr: 1 }} />
                  )}
                  {x.media.audio ? <MicIcon fontSize="small" /> : <MicOffIcon fontSize="small" />}
                  {isHost && !x.isSelf && (
                    <IconButton
                      aria-label={`More actions for ${x.name}`}
                      onClick={(e) => setMenu({ anchor: e.currentTarget, who: x })}
                      sx={{ color: '#5f6368' }}
                    >
                      <MoreVertIcon />
                    </IconButton>
                  )}
                </Box>
              }
            >
              <ListItemAvatar>
                <Avatar sx={{ bgcolor: avatarColor(x.id), color: '#fff' }}>
                  {initials(x.name)}
                </Avatar>
              </ListItemAvatar>
              <ListItemText
                primary={x.isSelf ? `${x.name} (You)` : x.name}
                secondary={roleLabel[x.role]}
              />
            </ListItem>
          ))}
        </List>
      </Box>
      {isHost && (
        <Box
          sx={{
            p: 2,
            borderTop: 1,
            borderColor: '#e0e0e0',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
          }}
        >
          <FormControlLabel
            control={<Switch checked={p.locked} onChange={(e) => p.onLock(e.target.checked)} />}
            label="Lock meeting"
          />
          <Button color="error" onClick={p.onEndForAll}>
            End for all
          </Button>
        </Box>
      )}
      <Menu anchorEl={menu?.anchor} open={!!menu} onClose={() => setMenu(null)}>
        {menu && menu.who.media.audio && (
          <MenuItem onClick={() => act('host:mute', menu.who.id)}>Mute {menu.who.name}</MenuItem>
        )}
        {menu && menu.who.role !== 'host' && menu.who.role !== 'guest' && (
          <MenuItem onClick={() => act('host:promote', menu.who.id)}>Make co-host</MenuItem>
        )}
        {menu && (
          <MenuItem onClick={() => act('host:remove', menu.who.id)} sx={{ color: 'error.main' }}>
            Remove from meeting
          </MenuItem>
        )}
      </Menu>
    </SidePanel>
  );
}
