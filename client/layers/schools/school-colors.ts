import type { SchoolProperties } from './school-types';

type Rgba = [number, number, number, number];

/** What a school's marker says first: no guard post (red), failed audit items (amber), or in order (green); not audited yet is grey-blue. */
export type SchoolState = 'noGuardPost' | 'failedItems' | 'notAudited' | 'ok';
export const SCHOOL_STATES: readonly SchoolState[] = ['noGuardPost', 'failedItems', 'notAudited', 'ok'];

export const SCHOOL_STATE_COLOR: Record<SchoolState, Rgba> = {
  noGuardPost: [220, 38, 38, 255],
  failedItems: [217, 119, 6, 255],
  notAudited: [100, 116, 139, 255],
  ok: [22, 163, 74, 255],
};

export function schoolState(p: Pick<SchoolProperties, 'guardPosts' | 'lastAudit'>): SchoolState {
  if (p.guardPosts === 0) return 'noGuardPost';
  if (!p.lastAudit) return 'notAudited';
  return p.lastAudit.failed > 0 ? 'failedItems' : 'ok';
}

export const ZONE_COLOR: Rgba = [124, 58, 237, 170];
export const GATE_COLOR: Rgba = [30, 41, 59, 255];
/** An intersection nearer a gate than the standard's 100 m. */
export const TOO_NEAR_COLOR: Rgba = [220, 38, 38, 255];
