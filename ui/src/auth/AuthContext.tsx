// Who is signed in: the session token (client.ts keeps it), the user from /me, login and logout.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, session } from '../api/client';

export interface User {
  username: string;
  role: 'super-admin' | 'viewer' | string;
}

interface AuthState {
  user: User | null;
  checking: boolean;
  canWrite: boolean;
  login: (username: string, password: string, remember: boolean) => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState<boolean>(!!session.token());

  useEffect(() => {
    session.onUnauthorized(() => {
      session.clear();
      setUser(null);
    });
    if (!session.token()) return;
    api
      .get<User>('/me')
      .then(setUser)
      .catch(() => session.clear())
      .finally(() => setChecking(false));
    return () => session.onUnauthorized(null);
  }, []);

  const login = useCallback(async (username: string, password: string, remember: boolean) => {
    const answer = await api.post<{ token: string; user: User }>('/login', { username, password });
    session.save(answer.token, remember);
    setUser(answer.user ?? (await api.get<User>('/me')));
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.del('/login');
    } catch {
      // the session may be gone already
    }
    session.clear();
    setUser(null);
  }, []);

  const value = useMemo(
    () => ({ user, checking, canWrite: user?.role === 'super-admin', login, logout }),
    [user, checking, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
