import type { SessionUser } from '@client/api/api-client';

/**
 * Whether the user may write at a place: admins anywhere, officers inside their own area (a city
 * officer anywhere). The API checks it again by polygon; this only decides which buttons to show.
 */
export function mayActAt(user: SessionUser | null | undefined, place: { county?: string | null; township?: string | null }): boolean {
  if (user?.role === 'admin') return true;
  if (user?.role !== 'officer') return false;
  return user.scope.level === 'city' || user.scope.code === place.county || user.scope.code === place.township;
}

/** Whether the user writes at all (officers and admins): the 导入 buttons; each row's place is checked by the API. */
export const mayWrite = (user: SessionUser | null | undefined): boolean => user?.role === 'officer' || user?.role === 'admin';
