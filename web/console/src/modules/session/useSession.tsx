import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, SIGNED_OUT_EVENT } from '../../lib/api.ts';

export type Role = 'administrator' | 'operator' | 'analyst' | 'customer_service';

export interface SessionAccount {
  appid: string;
  name: string;
  type: 'service' | 'subscription';
  verified: boolean;
  organization_id: string;
  roles: Role[];
}

/** `GET /gz/v1/console/session`. */
export interface Session {
  user: { id: string; username: string; display_name: string };
  csrf_token: string;
  expires_at: number;
  platform_administrator: boolean;
  organizations: { id: string; name: string; administrator: boolean }[];
  accounts: SessionAccount[];
}

interface SessionState {
  session: Session | null;
  /** true until the first GET /console/session answered. */
  loading: boolean;
  /** Why the person was sent back to sign in (session ended), if so. */
  ended: boolean;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const [ended, setEnded] = useState(false);

  const adopt = useCallback((s: Session | null) => {
    setCsrfToken(s?.csrf_token ?? '');
    setSession(s);
  }, []);

  const refresh = useCallback(async () => {
    try {
      adopt(await api<Session>('GET', '/console/session'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) adopt(null);
      else throw err;
    } finally {
      setLoading(false);
    }
  }, [adopt]);

  useEffect(() => {
    void refresh();
    const onEnded = () => {
      setEnded(true);
      adopt(null);
    };
    window.addEventListener(SIGNED_OUT_EVENT, onEnded);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onEnded);
  }, [refresh, adopt]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      adopt(await api<Session>('POST', '/console/session', { username, password }));
      setEnded(false);
    },
    [adopt],
  );
  const signOut = useCallback(async () => {
    await api('DELETE', '/console/session').catch(() => undefined);
    adopt(null);
  }, [adopt]);

  return (
    <SessionContext.Provider value={{ session, loading, ended, signIn, signOut, refresh }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in session (only under the signed-in layout). */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('not signed in');
  return session;
}

/** Whether the user may change things on `account` (not analyst-only, not agent-only). */
export function canEdit(account: SessionAccount | undefined): boolean {
  return !!account && account.roles.some((r) => r === 'administrator' || r === 'operator');
}
