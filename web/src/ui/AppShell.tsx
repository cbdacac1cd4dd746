import AppBar from '@mui/material/AppBar';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import HistoryIcon from '@mui/icons-material/History';
import LogoutIcon from '@mui/icons-material/Logout';
import { useState } from 'react';
import { Link as RouterLink, Outlet, useNavigate } from 'react-router-dom';
import { useAuth } from '../features/auth';
import { Logo } from './Logo';
import { avatarColor, initials } from './avatar';

export function AppShell() {
  const { status, user, signOut } = useAuth();
  const navigate = useNavigate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);

  return (
    <Box sx={{ minHeight: '100vh', bgcolor: 'background.default' }}>
      <AppBar
        position="static"
        color="inherit"
        elevation={0}
        sx={{ borderBottom: 1, borderColor: 'divider' }}
      >
        <Toolbar sx={{ gap: 1 }}>
          <Box
            component={RouterLink}
            to="/"
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 1,
              color: 'inherit',
              textDecoration: 'none',
              flexGrow: 1,
            }}
          >
            <Logo />
            <Typography variant="h6" sx={{ fontWeight: 600 }}>
              Parley
            </Typography>
          </Box>
          {status === 'signedIn' && user ? (
            <>
              <Button
                component={RouterLink}
                to="/history"
                startIcon={<HistoryIcon />}
                color="inherit"
              >
                History
              </Button>
              <IconButton aria-label="Account" onClick={(e) => setAnchor(e.currentTarget)}>
                <Avatar
                  sx={{
                    width: 34,
                    height: 34,
                    bgcolor: avatarColor(user.id),
                    color: '#fff',
                    fontSize: 15,
                  }}
                >
                  {initials(user.name)}
                </Avatar>
              </IconButton>
              <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
                <MenuItem disabled>
                  <Box>
                    <Typography sx={{ fontWeight: 600 }}>{user.name}</Typography>
                    <Typography variant="body2">@{user.username}</Typography>
                  </Box>
                </MenuItem>
                <MenuItem
                  onClick={() => {
                    setAnchor(null);
                    void signOut().then(() => navigate('/'));
                  }}
                >
                  <ListItemIcon>
                    <LogoutIcon fontSize="small" />
                  </ListItemIcon>
                  Sign out
                </MenuItem>
              </Menu>
            </>
          ) : status === 'signedOut' ? (
            <>
              <Button component={RouterLink} to="/signin" color="inherit">
                Sign in
              </Button>
              <Button component={RouterLink} to="/signup" variant="contained">
                Sign up
              </Button>
            </>
          ) : null}
        </Toolbar>
      </AppBar>
      <Outlet />
    </Box>
  );
}
