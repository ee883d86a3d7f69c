import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { ApiError } from '../lib/api-error';

export interface SchoolForWrite {
  id: number;
  name: string;
  county: string;
  inScope: boolean;
}

/** Whether the user may write about schools at all: officers and admins (leaders read, liaisons answer hazards). */
export const WRITERS = ['officer', 'admin'] as const;

/**
 * The school a write is about: 404 if there is none; 403 unless the user is an admin or the school's
 * point lies in their scope polygon (PostGIS), as hazards are judged.
 */
export async function schoolForWrite(db: pg.Pool | pg.PoolClient, user: SessionUser, id: number): Promise<SchoolForWrite> {
  const s = await schoolScope(db, user, id);
  if (!s) throw new ApiError('not_found', `No school ${id}`);
  if (!s.inScope) throw new ApiError('forbidden', `${s.name} lies outside ${user.scope.name}: you may record only your brigade's schools.`, [{ reason: 'scope' }]);
  return s;
}

/** The school and whether it lies in the user's scope; null if there is no such school. */
export async function schoolScope(db: pg.Pool | pg.PoolClient, user: SessionUser | null, id: number): Promise<SchoolForWrite | null> {
  const r = await db.query<SchoolForWrite>(
    `SELECT s.id, s.name, s.county_code AS county,
            $2::text IS NULL OR EXISTS (SELECT 1 FROM jurisdictions j WHERE j.code = $2 AND ST_Intersects(j.geom, s.geom)) AS "inScope"
     FROM schools s WHERE s.id = $1`,
    [id, user?.role === 'admin' ? null : (user?.scope.code ?? '')],
  );
  return r.rows[0] ?? null;
}

/** May this reader write about this school (for the client: show the buttons)? */
export const mayWrite = (user: SessionUser | null, s: SchoolForWrite) =>
  user !== null && (WRITERS as readonly string[]).includes(user.role) && s.inScope;
