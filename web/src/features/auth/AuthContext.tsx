import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { authApi, tokenStore, type User } from '../../api';

export type AuthStatus = 'loading' | 'signedIn' | 'signedOut';

export interface AuthValue {
  status: AuthStatus;
  user: User | null;
  token: string | null;
  signIn(username: string, password: string): Promise<void>;
  signUp(name: string, username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

export const AuthContext = createContext<AuthValue | null>(null);

/** Keeps the session token, and checks it with /me on start. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [token, setToken] = useState<string | null>(() => tokenStore.get());
  const [status, setStatus] = useState<AuthStatus>(() =>
    tokenStore.get() ? 'loading' : 'signedOut',
  );

  useEffect(() => {
    if (!tokenStore.get()) return;
    let cancelled = false;
    // A network hiccup must not sign the user out: retry a few times; only 401 clears the token.
    const check = async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          const me = await authApi.me();
          if (cancelled) return;
          setUser(me);
          setStatus('signedIn');
          return;
        } catch (err) {
          if (cancelled) return;
          if ((err as { status?: number }).status === 401 || attempt >= 2) {
            if ((err as { status?: number }).status === 401) {
              tokenStore.set(null);
              setToken(null);
            }
            setStatus('signedOut');
            return;
          }
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    };
    void check();
    return () => {
      cancelled = true;
    };
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const result = await authApi.login({ username, password });
    tokenStore.set(result.token);
    setToken(result.token);
    setUser(result.user);
    setStatus('signedIn');
  }, []);

  const signUp = useCallback(
    async (name: string, username: string, password: string) => {
      await authApi.register({ name, username, password });
      await signIn(username, password);
    },
    [signIn],
  );

  const signOut = useCallback(async () => {
    await authApi.logout().catch(() => undefined);
    tokenStore.set(null);
    setToken(null);
    setUser(null);
    setStatus('signedOut');
  }, []);

  const value = useMemo(
    () => ({ status, user, token, signIn, signUp, signOut }),
    [status, user, token, signIn, signUp, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
