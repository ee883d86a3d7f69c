import type { Evaluation as Result } from '@shared/evaluation/evaluation-types';

export type { SiteResult } from '@shared/evaluation/evaluation-types';

/** GET /api/evaluation's answer: what was asked (kind) and the result. */
export type Evaluation = Result & { kind: 'lights' | 'light' | 'hazards' | 'hazard' | 'site' };

/** What to evaluate, as GET /api/evaluation's query. */
export type EvaluationQuery =
  | { kind: 'lights'; programme: string; county: string | null }
  | { kind: 'light'; id: number }
  | { kind: 'hazard'; id: number }
  /** The hazards closed as rectified, of a type, a year of closing and a county (null: any). */
  | { kind: 'hazards'; type: string | null; closedYear: number | null; county: string | null }
  /** A place and the day something was done there, given by hand. */
  | { kind: 'site'; lon: number; lat: number; date: string; radius: number; target: 'all' | 'night' };
