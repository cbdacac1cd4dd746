import { createBrowserRouter, Navigate } from 'react-router-dom';
import { AuthPage, RequireAuth } from '../features/auth';
import { HistoryPage } from '../features/history';
import { HomeOrLanding } from '../features/home';
import { MeetingRoute } from '../features/meeting';
import { AppShell } from '../ui/AppShell';

export const router = createBrowserRouter([
  {
    element: <AppShell />,
    children: [
      { path: '/', element: <HomeOrLanding /> },
      { path: '/signin', element: <AuthPage initialTab="signin" /> },
      { path: '/signup', element: <AuthPage initialTab="signup" /> },
      {
        path: '/history',
        element: (
          <RequireAuth>
            <HistoryPage />
          </RequireAuth>
        ),
      },
    ],
  },
  { path: '/m/:code', element: <MeetingRoute /> },
  { path: '*', element: <Navigate to="/" replace /> },
]);
