import { ApiRequestError } from '@client/api/http';
import { translateOr, type Translate } from '@client/i18n/locale';
import type { DuplicateHazard, Hazard } from './hazard-types';

/** A failed write as the form shows it: beside a field the API named, or above the buttons. */
export interface WriteProblem {
  /** The field the API named in `details[0].param` (400), shown beside that field. */
  field: string | null;
  /** In the user's language where the API named the rule (`rule`, or the 403/409 `reason`); else the API's words. */
  message: string;
  /** 409: the hazard as it is now (`error.current`), to show what changed meanwhile. */
  current: Hazard | null;
  /** 409 possible_duplicate on registering: open hazards of the same type within 30 m. */
  duplicates: DuplicateHazard[] | null;
}

/** A rule the API named (`details[].rule`, an import row's `rule`) in the user's language, else the API's reason. */
export function ruleText(rule: string | undefined, reason: string, t: Translate): string {
  return rule ? translateOr(t, `problem.rule.${rule}`, reason) : reason;
}

export function writeProblem(error: Error, t: Translate): WriteProblem {
  if (!(error instanceof ApiRequestError)) return { field: null, message: error.message, current: null, duplicates: null };
  const detail = error.details[0];
  if (error.status === 400 && detail?.param) {
    return { field: detail.param, message: ruleText(detail.rule, detail.reason, t), current: null, duplicates: null };
  }
  const current = (error.extra.current as Hazard | undefined) ?? null;
  const duplicates = detail?.reason === 'possible_duplicate' ? ((error.extra.duplicates as DuplicateHazard[] | undefined) ?? []) : null;
  const message = error.status === 403 || error.status === 409 ? translateOr(t, `problem.${error.status}.${detail?.reason}`, error.message) : error.message;
  return { field: null, message, current, duplicates };
}
