import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, type DemoUser, type Me, type Role, tokenStore } from './api';

interface Session {
  me: Me | null;
  loading: boolean;
  /** Seeded demo users (embedded demo only), else an empty list. */
  demoUsers: DemoUser[];
  signIn(token: string): Promise<Me>;
  signOut(): void;
  has(...roles: Role[]): boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [demoUsers, setDemoUsers] = useState<DemoUser[]>([]);

  useEffect(() => {
    api<{ users: DemoUser[] }>('/v1/demo/users', { token: null })
      .then((r) => setDemoUsers(r.users))
      .catch(() => setDemoUsers([]));
    const token = tokenStore.get();
    if (!token) {
      setLoading(false);
      return;
    }
    api<Me>('/v1/me', { token })
      .then(setMe)
      .catch(() => tokenStore.clear())
      .finally(() => setLoading(false));
  }, []);

  const signIn = useCallback(async (token: string) => {
    const user = await api<Me>('/v1/me', { token: token.trim() });
    tokenStore.set(token.trim());
    setMe(user);
    return user;
  }, []);
  const signOut = useCallback(() => {
    tokenStore.clear();
    setMe(null);
  }, []);
  const value = useMemo<Session>(
    () => ({
      me,
      loading,
      demoUsers,
      signIn,
      signOut,
      has: (...roles) => !!me && roles.some((r) => me.roles.includes(r)),
    }),
    [me, loading, demoUsers, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The page a role lands on after signing in. */
export function homeOf(me: Me): string {
  if (me.roles.includes('rep')) return '/calls';
  if (me.roles.includes('reviewer')) return '/reviews';
  if (me.roles.includes('lexicon_editor')) return '/lexicons';
  if (me.roles.includes('manager')) return '/team';
  return '/calls';
}

export const isUnauthorized = (e: unknown) => e instanceof ApiError && e.status === 401;
