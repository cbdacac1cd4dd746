import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { toFieldErrors, type FieldErrors } from './fieldErrors';
import { useAuth } from './useAuth';

type TabName = 'signin' | 'signup';

export function AuthPage({ initialTab }: { initialTab: TabName }) {
  const { status, signIn, signUp } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next')?.startsWith('/') ? (params.get('next') ?? '/') : '/';
  const [tab, setTab] = useState<TabName>(initialTab);
  const [name, setName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  if (status === 'signedIn' && !busy) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      if (tab === 'signin') await signIn(username.trim(), password);
      else await signUp(name.trim(), username.trim().toLowerCase(), password);
      navigate(next, { replace: true });
    } catch (err) {
      setErrors(toFieldErrors(err));
    } finally {
      setBusy(false);
    }
  };

  const switchTab = (t: TabName) => {
    setTab(t);
    setErrors({});
  };

  return (
    <Box sx={{ display: 'grid', placeItems: 'center', px: 2, py: { xs: 4, md: 8 } }}>
      <Paper variant="outlined" sx={{ width: '100%', maxWidth: 420, p: 4 }}>
        <Typography variant="h5" gutterBottom sx={{ fontWeight: 600 }}>
          {tab === 'signin' ? 'Welcome back' : 'Create your account'}
        </Typography>
        <Tabs
          value={tab}
          onChange={(_, v: TabName) => switchTab(v)}
          sx={{ mb: 3 }}
          variant="fullWidth"
        >
          <Tab value="signin" label="Sign in" />
          <Tab value="signup" label="Sign up" />
        </Tabs>
        <form onSubmit={submit} noValidate aria-label={tab === 'signin' ? 'Sign in' : 'Sign up'}>
          <Stack spacing={2}>
            {errors.form && <Alert severity="error">{errors.form}</Alert>}
            {tab === 'signup' && (
              <TextField
                label="Your name"
                name="name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                error={!!errors.name}
                helperText={errors.name ?? 'Shown to others in meetings'}
                autoComplete="name"
                required
                autoFocus
              />
            )}
            <TextField
              label="Username"
              name="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              error={!!errors.username}
              helperText={
                errors.username ?? (tab === 'signup' ? '3–32 characters: a–z, 0–9, . _ -' : ' ')
              }
              autoComplete="username"
              required
              autoFocus={tab === 'signin'}
            />
            <TextField
              label="Password"
              name="password"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={!!errors.password}
              helperText={errors.password ?? (tab === 'signup' ? 'At least 8 characters' : ' ')}
              autoComplete={tab === 'signin' ? 'current-password' : 'new-password'}
              required
            />
            <Button type="submit" variant="contained" size="large" disabled={busy}>
              {tab === 'signin' ? 'Sign in' : 'Create account'}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Box>
  );
}
