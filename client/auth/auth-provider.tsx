import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, type ApiSession, type SessionUser } from '@client/api/api-client';
import { ApiRequestError, ok, setCsrfToken } from '@client/api/http';
import { forgetKeptAnswers, keepReads } from '@client/sw/register';

const SESSION_KEY = ['session'];
/** Sign-in's own 401 (wrong password) is an answer, not an ended session. */
export const LOGIN_MUTATION_KEY = ['login'];

interface AuthValue {
  /** null when signed out; undefined while GET /api/auth/me is pending. */
  user: SessionUser | null | undefined;
  signInOpen: boolean;
  openSignIn(): void;
  closeSignIn(): void;
  signedIn(session: ApiSession): void;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

/** The session on load: signed out (401) is an ordinary answer, since the maps need no sign-in. */
async function readSession(signal: AbortSignal): Promise<ApiSession | null> {
  try {
    const session = await (await ok(api.auth.me.$get({}, { init: { signal } }))).json();
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401) return null;
    throw error;
  }
}

/**
 * Queries whose answer depends on who asks (what they may do, names they may see) carry
 * `meta: { perUser: true }`: signing in or out reads them again.
 */
const answersPerUser = (q: { meta?: Record<string, unknown> }) => q.meta?.perUser === true;

const isUnauthorized = (error: unknown) => error instanceof ApiRequestError && error.status === 401;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: SESSION_KEY, queryFn: ({ signal }) => readSession(signal), staleTime: Infinity, retry: false });
  const [signInOpen, setSignInOpen] = useState(false);

  // Signed out: the per-user answers are marked stale but not read again here, while the screens
  // that need a user (a hazard's drawer and its 效果评估) are still mounted; read at once, they
  // would answer 401. The effect below reads again what is still shown once React has rendered
  // the signed-out screen.
  const forget = useCallback(() => {
    setCsrfToken(null);
    forgetKeptAnswers();
    queryClient.removeQueries({ queryKey: ['hazards'] });
    queryClient.removeQueries({ queryKey: ['hazard'] });
    void queryClient.invalidateQueries({ predicate: answersPerUser, refetchType: 'none' });
    queryClient.setQueryData(SESSION_KEY, null);
  }, [queryClient]);

  const who = session.isPending ? undefined : (session.data?.user.id ?? null);
  const seen = useRef(who);
  useEffect(() => {
    if (seen.current === who) return;
    const before = seen.current;
    seen.current = who;
    // The first answer of GET /api/auth/me is no change of user.
    if (before !== undefined) void queryClient.refetchQueries({ predicate: answersPerUser, type: 'active', stale: true });
  }, [who, queryClient]);

  // A 401 from any signed-in call means the session ended (expired, signed out elsewhere, account disabled).
  useEffect(() => {
    const ended = () => {
      if (queryClient.getQueryData(SESSION_KEY) === null) return;
      forget();
      setSignInOpen(true);
    };
    const offQueries = queryClient.getQueryCache().subscribe((e) => {
      if (e.type === 'updated' && e.action.type === 'error' && e.query.queryKey[0] !== SESSION_KEY[0] && isUnauthorized(e.action.error)) ended();
    });
    const offMutations = queryClient.getMutationCache().subscribe((e) => {
      const m = e.mutation;
      if (e.type === 'updated' && m && m.options.mutationKey?.[0] !== LOGIN_MUTATION_KEY[0] && isUnauthorized(m.state.error)) ended();
    });
    return () => {
      offQueries();
      offMutations();
    };
  }, [queryClient, forget]);

  const value = useMemo(
    (): AuthValue => ({
      user: session.isPending ? undefined : (session.data?.user ?? null),
      signInOpen,
      openSignIn: () => setSignInOpen(true),
      closeSignIn: () => setSignInOpen(false),
      signedIn(next) {
        setCsrfToken(next.csrfToken);
        // The session is not read again after a sign-in: kept for offline from here, so the app opens signed in without a signal.
        keepReads([api.auth.me.$url().href]);
        void queryClient.invalidateQueries({ predicate: answersPerUser, refetchType: 'none' });
        queryClient.setQueryData(SESSION_KEY, next);
        setSignInOpen(false);
      },
      async signOut() {
        try {
          await ok(api.auth.logout.$post());
        } finally {
          forget();
        }
      },
    }),
    [session.isPending, session.data, signInOpen, queryClient, forget],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside <AuthProvider>');
  return value;
}
