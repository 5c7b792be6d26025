// Who is signed in. `GET /me` answering 401 means nobody; any API call answering
// not_authenticated later (an expired session) signs the app out the same way.
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api/client';
import { forgetWhatWasKept, keepForNextOpen, keptFromLastOpen } from './api/kept';
import { cachedApi, clearApiCache } from './worker/cache-names';
import { onWorkerControl } from './worker/register';
import { setUnread } from './feed/unread';
import { useI18n } from './i18n/context';
import type { Me } from './accounts/data';
import { notePasswordSignIn } from './identity/data';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedIn'; me: Me }
  | { status: 'signedOut' }
  | { status: 'unreachable'; error: unknown };

export interface Session {
  state: SessionState;
  me: Me | null;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: (options?: { everywhere?: boolean }) => Promise<void>;
  /** Adopt a fresh Me from the server (after a profile save, an accepted invite…). */
  setMe: (me: Me) => void;
  reload: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const { setLocale } = useI18n();
  // Who was signed in when the app was last open on this device (api/kept.ts): the first render is then
  // the app itself, not a splash; the server's answer below confirms it, replaces it or signs out.
  const [state, setState] = useState<SessionState>(() => {
    const me = keptFromLastOpen<Me>('/me');
    return me ? { status: 'signedIn', me } : { status: 'loading' };
  });
  const keptAtStart = useRef(state.status === 'signedIn');

  const setMe = useCallback(
    (me: Me) => {
      setState({ status: 'signedIn', me });
      setLocale(me.locale); // a signed-in user's language is their profile's
    },
    [setLocale],
  );

  // Ask the server who is signed in; until it answers, the screen keeps what it shows.
  const check = useCallback(() => {
    let answered = false;
    api.get<Me>('/me').then(
      (me) => {
        answered = true;
        setMe(me);
      },
      (error: unknown) => {
        answered = true;
        if (error instanceof ApiError && error.status === 401) setState({ status: 'signedOut' });
        // Not reachable, nothing in the worker's cache: who was kept stays signed in (their writes queue).
        else setState((current) => (current.status === 'signedIn' ? current : { status: 'unreachable', error }));
      },
    );
    // Opened before on this device, but nothing kept (storage blocked): who was signed in, from the
    // worker's cache at once; the server's answer above replaces it (or signs out) when it comes.
    if (!keptAtStart.current)
      void cachedApi<Me>('/me').then((me) => {
        if (me && !answered) setMe(me);
      });
    keptAtStart.current = false;
  }, [setMe]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    check();
  }, [check]);

  useEffect(check, [check]);
  useEffect(() => api.onUnauthenticated(() => setState({ status: 'signedOut' })), []);
  // Keep who is signed in for the next open; forget it, and their Today, as soon as nobody is.
  useEffect(() => {
    if (state.status === 'signedIn') keepForNextOpen('/me', state.me.id, state.me);
    else if (state.status === 'signedOut') forgetWhatWasKept();
  }, [state]);
  // Who is signed in must be in the worker's cache for the app to open offline: read it again
  // once the worker is in charge (the first visit), and after signing in (which answers by POST).
  const signedIn = state.status === 'signedIn';
  useEffect(() => (signedIn ? onWorkerControl(() => void api.get<Me>('/me').catch(() => undefined)) : undefined), [signedIn]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const me = await api.post<Me>('/auth/login', { email, password });
      notePasswordSignIn(me.id); // Today may offer a passkey once (identity/PasskeyOffer.tsx)
      setMe(me);
      void api.get<Me>('/me').catch(() => undefined);
    },
    [setMe],
  );

  const signOut = useCallback(async ({ everywhere = false } = {}) => {
    try {
      await api.post(everywhere ? '/auth/logout-everywhere' : '/auth/logout');
    } catch (error) {
      // Already signed out on the server is fine; anything else should be seen.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    await clearApiCache();
    forgetWhatWasKept();
    setUnread(0); // the next person on this device does not see the last one's count on the icon
    setState({ status: 'signedOut' });
  }, []);

  const value = useMemo<Session>(
    () => ({ state, me: state.status === 'signedIn' ? state.me : null, signIn, signOut, setMe, reload }),
    [state, signIn, signOut, setMe, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() needs a <SessionProvider> above it');
  return session;
}

/** The signed-in user, for pages that only render inside the signed-in shell. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe() used outside the signed-in app');
  return me;
}
