import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, type DemoUser, type Me, type Role, tokenStore, UNAUTHORIZED_EVENT } from './api';
import type { DemoUsers } from './api-shapes';

interface Session {
  me: Me | null;
  loading: boolean;
  /** Seeded demo users (embedded demo only), else an empty list. */
  demoUsers: DemoUser[];
  /** Why the last session ended without the user signing out (shown on the sign-in page). */
  endedBecause: string | null;
  signIn(token: string): Promise<Me>;
  signOut(): void;
  has(...roles: Role[]): boolean;
}

const EXPIRED = '登录已失效：令牌已被吊销、已过期或账号已停用，请重新登录。';

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [demoUsers, setDemoUsers] = useState<DemoUser[]>([]);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);

  // Any request refused with 401 ends the session: back to sign-in with the reason, not an
  // English "token revoked" beside an empty list.
  useEffect(() => {
    const onRefused = () => {
      if (!tokenStore.get()) return;
      tokenStore.clear();
      setMe(null);
      setEndedBecause(EXPIRED);
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onRefused);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onRefused);
  }, []);

  useEffect(() => {
    api<DemoUsers>('/v1/demo/users', { token: null })
      .then((r) => setDemoUsers(r.users))
      .catch(() => setDemoUsers([]));
    const token = tokenStore.get();
    if (!token) {
      setLoading(false);
      return;
    }
    api<Me>('/v1/me', { token })
      .then(setMe)
      .catch((e: unknown) => {
        tokenStore.clear();
        if (isUnauthorized(e)) setEndedBecause(EXPIRED);
      })
      .finally(() => setLoading(false));
  }, []);

  const signIn = useCallback(async (token: string) => {
    const user = await api<Me>('/v1/me', { token: token.trim() });
    tokenStore.set(token.trim());
    setEndedBecause(null);
    setMe(user);
    return user;
  }, []);
  const signOut = useCallback(() => {
    tokenStore.clear();
    setEndedBecause(null);
    setMe(null);
  }, []);
  const value = useMemo<Session>(
    () => ({
      me,
      loading,
      demoUsers,
      endedBecause,
      signIn,
      signOut,
      has: (...roles) => !!me && roles.some((r) => me.roles.includes(r)),
    }),
    [me, loading, demoUsers, endedBecause, signIn, signOut],
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
