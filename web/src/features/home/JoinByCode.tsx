import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import KeyboardIcon from '@mui/icons-material/KeyboardOutlined';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { parseMeetingCode } from './meetingCode';

export function JoinByCode() {
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const code = parseMeetingCode(value);
    if (!code) {
      setError('Enter a code like abc-defg-hij or paste a meeting link');
      return;
    }
    navigate(`/m/${code}`);
  };

  return (
    <Stack
      component="form"
      direction="row"
      spacing={1}
      onSubmit={submit}
      aria-label="Join with a code"
      sx={{ alignItems: 'flex-start' }}
    >
      <TextField
        size="small"
        placeholder="Enter a code or link"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
        error={!!error}
        helperText={error ?? ' '}
        slotProps={{
          htmlInput: { 'aria-label': 'Meeting code or link' },
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <KeyboardIcon />
              </InputAdornment>
            ),
          },
        }}
        sx={{ minWidth: 240 }}
      />
      <Button type="submit" disabled={!value.trim()} sx={{ mt: 0.5 }}>
        Join
      </Button>
    </Stack>
  );
}
