export { AuthProvider } from './AuthContext';
export { AuthPage } from './AuthPage';
export { RequireAuth } from './RequireAuth';
export { useAuth } from './useAuth';
