import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { toSessionUser, USER_COLUMNS, USER_JOINS, type SessionUser, type UserRow } from './accounts';

export const SESSION_COOKIE = 'changan_session';
/** However busy, a session ends this long after sign-in. */
export const SESSION_MAX_HOURS = 7 * 24;

export interface Session {
  user: SessionUser;
  csrfToken: string;
  expiresAt: Date;
  tokenHash: string;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new session for the user: the cookie token (only its hash is stored) and the CSRF token. */
export async function createSession(pool: pg.Pool, userId: number, idleHours: number): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const r = await pool.query<{ expires_at: Date }>(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4)) RETURNING expires_at`,
    [sha256(token), userId, csrfToken, Math.min(idleHours, SESSION_MAX_HOURS)],
  );
  // Sessions that ended are removed now and then, here rather than by a timer.
  await pool.query(`DELETE FROM sessions WHERE expires_at < now() - interval '1 day'`);
  return { token, csrfToken, expiresAt: r.rows[0].expires_at };
}

/**
 * The live session for a cookie token, or null (unknown, expired, or its user disabled). Use
 * slides the expiry forward by `idleHours`, at most to SESSION_MAX_HOURS after sign-in, and is
 * written at most once a minute.
 */
export async function readSession(pool: pg.Pool, token: string, idleHours: number): Promise<Session | null> {
  const tokenHash = sha256(token);
  const r = await pool.query<UserRow & { csrf_token: string; expires_at: Date; stale: boolean }>(
    `SELECT ${USER_COLUMNS}, s.csrf_token, s.expires_at, s.last_seen_at < now() - interval '1 minute' AS stale
     FROM sessions s JOIN users u ON u.id = s.user_id ${USER_JOINS}
     WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [tokenHash],
  );
  const row = r.rows[0];
  if (!row) return null;
  let expiresAt = row.expires_at;
  if (row.stale) {
    const u = await pool.query<{ expires_at: Date }>(
      `UPDATE sessions SET last_seen_at = now(),
         expires_at = least(created_at + make_interval(hours => $3), now() + make_interval(hours => $2))
       WHERE token_hash = $1 RETURNING expires_at`,
      [tokenHash, idleHours, SESSION_MAX_HOURS],
    );
    expiresAt = u.rows[0]?.expires_at ?? expiresAt;
  }
  return { user: toSessionUser(row), csrfToken: row.csrf_token, expiresAt, tokenHash };
}

export async function deleteSession(pool: pg.Pool, tokenHash: string): Promise<void> {
  await pool.query(`DELETE FROM sessions WHERE token_hash = $1`, [tokenHash]);
}
