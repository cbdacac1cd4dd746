import { createTheme } from '@mui/material/styles';

const shape = { borderRadius: 12 };
const typography = {
  fontFamily: '"Google Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  button: { textTransform: 'none' as const, fontWeight: 600 },
};

export const lightTheme = createTheme({
  palette: {
    mode: 'light',
    primary: { main: '#1a73e8' },
    secondary: { main: '#00897b' },
    background: { default: '#f8f9fb', paper: '#ffffff' },
  },
  shape,
  typography,
  components: {
    MuiButton: {
      defaultProps: { disableElevation: true },
      styleOverrides: { root: { borderRadius: 24 } },
    },
  },
});

export const callTheme = createTheme({
  palette: {
    mode: 'dark',
    primary: { main: '#8ab4f8' },
    error: { main: '#ea4335' },
    background: { default: '#202124', paper: '#2d2e31' },
  },
  shape,
  typography,
  components: {
    MuiButton: {
      defaultProps: { disableElevation: true },
      styleOverrides: { root: { borderRadius: 24 } },
    },
  },
});
