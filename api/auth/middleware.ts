import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import type { Role, SessionUser } from './accounts';
import { readSession, SESSION_COOKIE, type Session } from './sessions';

/** Context of every API route: the session, if the request carries a live one. */
export type AuthEnv = { Variables: { session: Session | null } };

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Reads the session cookie into `session` (null without one); a dead cookie is cleared. */
export function sessionMiddleware(deps: AppDeps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await readSession(deps.pool, token, deps.env.SESSION_HOURS) : null;
    if (token && !session) deleteCookie(c, SESSION_COOKIE, { path: '/' });
    c.set('session', session);
    await next();
  };
}

/**
 * Writes by a signed-in user must carry the session's CSRF token in `X-CSRF-Token` (another
 * site can make the browser send the cookie, but cannot read the token). The cookie is also
 * SameSite=Strict; this holds where that is not enough (old browsers, same-site subdomains).
 */
export function csrfMiddleware(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const session = c.get('session');
    if (session && !SAFE_METHODS.has(c.req.method) && c.req.header(CSRF_HEADER) !== session.csrfToken) {
      throw new ApiError('forbidden', `Missing or wrong ${CSRF_HEADER} header: send the csrfToken from sign-in or GET /api/auth/me with every write.`, [
        { param: CSRF_HEADER, reason: 'csrf' },
      ]);
    }
    await next();
  };
}

/** The signed-in user, if their role is one of `roles` (any role when none given); else 401/403. */
export function currentUser(c: Context<AuthEnv>, ...roles: Role[]): SessionUser {
  const session = c.get('session');
  if (!session) throw new ApiError('unauthorized', 'Sign in first: this needs a signed-in user.');
  if (roles.length && !roles.includes(session.user.role)) {
    throw new ApiError('forbidden', `Not allowed for the role ${session.user.role}; this needs ${roles.join(' or ')}.`, [{ reason: 'role' }]);
  }
  return session.user;
}

/** Refuses requests without a session (for routes that are public only by configuration). */
export function requireSession(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    currentUser(c);
    await next();
  };
}
