import { ApiRequestError } from '@client/api/http';
import type { DuplicateHazard, Hazard } from './hazard-types';

/** A failed write as the form shows it: beside a field the API named, or above the buttons. */
export interface WriteProblem {
  /** The field the API named in `details[0].param` (400), shown beside that field. */
  field: string | null;
  message: string;
  /** 409: the hazard as it is now (`error.current`), to show what changed meanwhile. */
  current: Hazard | null;
  /** 409 possible_duplicate on registering: open hazards of the same type within 30 m. */
  duplicates: DuplicateHazard[] | null;
}

export function writeProblem(error: Error): WriteProblem {
  if (!(error instanceof ApiRequestError)) return { field: null, message: error.message, current: null, duplicates: null };
  const detail = error.details[0];
  if (error.status === 400 && detail?.param) return { field: detail.param, message: detail.reason, current: null, duplicates: null };
  const current = (error.extra.current as Hazard | undefined) ?? null;
  const duplicates = detail?.reason === 'possible_duplicate' ? ((error.extra.duplicates as DuplicateHazard[] | undefined) ?? []) : null;
  return { field: null, message: error.message, current, duplicates };
}
