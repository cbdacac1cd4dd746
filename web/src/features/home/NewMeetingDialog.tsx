import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { meetingsApi, toApiError, type CreatedMeeting } from '../../api';

interface Props {
  open: boolean;
  onClose(): void;
  onCreated(meeting: CreatedMeeting): void;
}

export function NewMeetingDialog({ open, onClose, onCreated }: Props) {
  const [title, setTitle] = useState('');
  const [guestsAllowed, setGuestsAllowed] = useState(true);
  const [lobby, setLobby] = useState(false);
  const [usePassword, setUsePassword] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ text: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const meeting = await meetingsApi.create({
        title: title.trim() || undefined,
        guestsAllowed,
        lobby,
        password: usePassword && password ? password : undefined,
      });
      onCreated(meeting);
    } catch (err) {
      const apiErr = toApiError(err);
      setError({ text: apiErr.message, field: apiErr.field });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="xs">
      <form onSubmit={submit} aria-label="New meeting options">
        <DialogTitle>New meeting</DialogTitle>
        <DialogContent>
          <Stack spacing={1.5} sx={{ pt: 1 }}>
            {error && !error.field && <Alert severity="error">{error.text}</Alert>}
            <TextField
              label="Title (optional)"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              error={error?.field === 'title'}
              helperText={error?.field === 'title' ? error.text : ' '}
              autoFocus
            />
            <FormControlLabel
              control={
                <Switch
                  checked={guestsAllowed}
                  onChange={(e) => setGuestsAllowed(e.target.checked)}
                />
              }
              label="Guests without an account can join"
            />
            <FormControlLabel
              control={<Switch checked={lobby} onChange={(e) => setLobby(e.target.checked)} />}
              label="Lobby: I admit people before they join"
            />
            <FormControlLabel
              control={
                <Switch checked={usePassword} onChange={(e) => setUsePassword(e.target.checked)} />
              }
              label="Require a password"
            />
            {usePassword && (
              <TextField
                label="Meeting password"
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                error={error?.field === 'password'}
                helperText={error?.field === 'password' ? error.text : ' '}
              />
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy || (usePassword && !password)}>
            Create and join
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
