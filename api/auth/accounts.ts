import { hash, verify } from '@node-rs/argon2';
import type pg from 'pg';

export const ROLES = ['admin', 'leader', 'officer', 'liaison'] as const;
export type Role = (typeof ROLES)[number];

export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;
export const MIN_PASSWORD_LENGTH = 8;

/** A signed-in user as routes see it: who, what role, and where (scope polygon by code). */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  scope: { code: string; name: string; level: 'city' | 'county' | 'township' };
  unit: { id: number; code: string; name: string; kind: 'township' | 'department' } | null;
}

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum for argon2id). */
export const hashPassword = (password: string) => hash(password);

// Verified against when the username is unknown, so a wrong name costs as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hashPassword('not-a-user-password');
    await verify(await dummyHash, password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** The SELECT list and joins that make a SessionUser (columns prefixed u., j., n.). */
export const USER_COLUMNS = `
  u.id, u.username, u.display_name, u.role, u.disabled, u.password_hash,
  j.code AS scope_code, j.name AS scope_name, j.level AS scope_level,
  n.id AS unit_id, n.code AS unit_code, n.name AS unit_name, n.kind AS unit_kind`;
export const USER_JOINS = `
  JOIN jurisdictions j ON j.code = u.scope_code
  LEFT JOIN units n ON n.id = u.unit_id`;

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  password_hash: string;
  scope_code: string;
  scope_name: string;
  scope_level: 'city' | 'county' | 'township';
  unit_id: number | null;
  unit_code: string | null;
  unit_name: string | null;
  unit_kind: 'township' | 'department' | null;
}

export function toSessionUser(r: UserRow): SessionUser {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    scope: { code: r.scope_code, name: r.scope_name, level: r.scope_level },
    unit: r.unit_id === null ? null : { id: r.unit_id, code: r.unit_code!, name: r.unit_name!, kind: r.unit_kind! },
  };
}

export async function findUserByName(pool: pg.Pool, username: string): Promise<UserRow | null> {
  const r = await pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u ${USER_JOINS} WHERE u.username = $1`, [username]);
  return r.rows[0] ?? null;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  scopeCode: string;
  unitCode?: string | null;
  password: string;
  demo?: boolean;
}

/** Checks a new account's fields; the message says which field and why. */
export function checkNewUser(u: NewUser): string | null {
  if (!USERNAME.test(u.username)) return `username "${u.username}": 3–40 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit`;
  if (!ROLES.includes(u.role)) return `role "${u.role}": one of ${ROLES.join(', ')}`;
  if (u.password.length < MIN_PASSWORD_LENGTH) return `password: at least ${MIN_PASSWORD_LENGTH} characters`;
  if (u.role === 'liaison' && !u.unitCode) return 'unit: a liaison belongs to a unit (township or department)';
  if (u.role !== 'liaison' && u.unitCode) return `unit: only a liaison belongs to a unit, not a ${u.role}`;
  return null;
}

/**
 * Creates an account. The scope must be a known jurisdiction; a liaison's unit must exist and its
 * area is the liaison's scope. Throws an Error whose message names the field.
 */
export async function createUser(pool: pg.Pool | pg.PoolClient, u: NewUser): Promise<number> {
  const problem = checkNewUser(u);
  if (problem) throw new Error(problem);
  const scope = await pool.query(`SELECT code FROM jurisdictions WHERE code = $1`, [u.scopeCode]);
  if (!scope.rowCount) throw new Error(`scope "${u.scopeCode}": no jurisdiction with this code`);
  let unitId: number | null = null;
  if (u.unitCode) {
    const unit = await pool.query<{ id: number; jurisdiction_code: string }>(`SELECT id, jurisdiction_code FROM units WHERE code = $1`, [u.unitCode]);
    if (!unit.rowCount) throw new Error(`unit "${u.unitCode}": no unit with this code`);
    if (unit.rows[0].jurisdiction_code !== u.scopeCode) {
      throw new Error(`scope "${u.scopeCode}": a liaison's scope is their unit's area, ${unit.rows[0].jurisdiction_code}`);
    }
    unitId = unit.rows[0].id;
  }
  const r = await pool.query<{ id: number }>(
    `INSERT INTO users (username, display_name, role, scope_code, unit_id, password_hash, demo)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [u.username, u.displayName, u.role, u.scopeCode, unitId, await hashPassword(u.password), u.demo ?? false],
  );
  return r.rows[0].id;
}
