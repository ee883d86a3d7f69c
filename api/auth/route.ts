import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { validate } from '../lib/validate';
import { noNul, NO_NUL } from '../lib/values';
import { findUserByName, toSessionUser, verifyPassword } from './accounts';
import { currentUser, type AuthEnv } from './middleware';
import { FailureLimiter } from './rate-limit';
import { createSession, deleteSession, SESSION_COOKIE } from './sessions';

const LoginBody = z.object({
  username: z.string().trim().toLowerCase().min(1, 'username is required').max(40).refine(noNul, NO_NUL),
  password: z.string().min(1, 'password is required').max(200),
});

const WINDOW_MS = 15 * 60_000;

/** Where the request came from: the socket's address (tests calling app.request have none). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}

const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

/** POST /login, POST /logout, GET /me. */
export function authRoutes(deps: AppDeps) {
  // Five wrong passwords per account, thirty per address, in any 15 minutes.
  const perUser = new FailureLimiter(deps.pool, 5, WINDOW_MS, `${deps.signInNamespace ?? ''}user:`);
  const perAddress = new FailureLimiter(deps.pool, 30, WINDOW_MS, `${deps.signInNamespace ?? ''}address:`);

  return new Hono<AuthEnv>()
    .post('/login', validate('json', LoginBody), async (c) => {
      const { username, password } = c.req.valid('json');
      const address = clientAddress(c);
      const wait = Math.max(await perUser.retryAfterMs(username), await perAddress.retryAfterMs(address));
      if (wait > 0) {
        c.header('Retry-After', String(Math.ceil(wait / 1000)));
        throw new ApiError('too_many_requests', `Too many failed sign-ins; try again in ${Math.ceil(wait / 60_000)} min.`, [
          { reason: 'rate_limited' },
        ]);
      }
      const row = await findUserByName(deps.pool, username);
      const ok = await verifyPassword(row && !row.disabled ? row.password_hash : null, password);
      if (!row || row.disabled || !ok) {
        await perUser.fail(username);
        await perAddress.fail(address);
        throw new ApiError('unauthorized', 'Wrong username or password.', [{ reason: 'credentials' }]);
      }
      await perUser.clear(username);
      const s = await createSession(deps.pool, row.id, deps.env.SESSION_HOURS);
      setCookie(c, SESSION_COOKIE, s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        secure: isHttps(c),
        expires: new Date(Date.now() + 7 * 24 * 3600_000),
      });
      return c.json({ user: toSessionUser(row), csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() });
    })
    .post('/logout', async (c) => {
      const session = c.get('session');
      if (session) await deleteSession(deps.pool, session.tokenHash);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true });
    })
    .get('/me', (c) => {
      currentUser(c);
      const s = c.get('session')!;
      return c.json({ user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() });
    });
}
