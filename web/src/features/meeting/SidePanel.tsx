import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Typography from '@mui/material/Typography';
import CloseIcon from '@mui/icons-material/Close';
import { ThemeProvider } from '@mui/material/styles';
import type { ReactNode } from 'react';
import { lightTheme } from '../../ui/theme';

/** The light card that slides in beside the tiles, like the chat and people panels in Meet. */
export function SidePanel({
  title,
  onClose,
  children,
  testId,
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
  testId: string;
}) {
  // A light card on the dark call screen: its controls use the light theme.
  return (
    <ThemeProvider theme={lightTheme}>
      <Box
        component="aside"
        data-testid={testId}
        aria-label={title}
        sx={{
          width: { xs: 'calc(100% - 16px)', sm: 360 },
          position: { xs: 'absolute', sm: 'relative' },
          inset: { xs: 8, sm: 'auto' },
          zIndex: 2,
          flexShrink: 0,
          bgcolor: '#fff',
          color: '#202124',
          borderRadius: 3,
          display: 'flex',
          flexDirection: 'column',
          overflow: 'hidden',
        }}
      >
        <Box sx={{ display: 'flex', alignItems: 'center', px: 3, pt: 2, pb: 1 }}>
          <Typography variant="h6" sx={{ flex: 1, fontSize: 18 }}>
            {title}
          </Typography>
          <IconButton
            aria-label={`Close ${title.toLowerCase()}`}
            onClick={onClose}
            sx={{ color: '#5f6368' }}
          >
            <CloseIcon />
          </IconButton>
        </Box>
        {children}
      </Box>
    </ThemeProvider>
  );
}
