import type { Hazard, HazardAction } from './hazard-types';

export type ActionField = 'unitCode' | 'deadline' | 'plan' | 'noticeNo' | 'measures' | 'note' | 'resolution' | 'duplicateOf';
export type ActionValues = Partial<Record<ActionField, string>>;

interface FieldSpec {
  field: ActionField;
  required: boolean;
}

const need = (field: ActionField): FieldSpec => ({ field, required: true });
const may = (field: ActionField): FieldSpec => ({ field, required: false });
const HANDOVER = [need('unitCode'), need('deadline'), may('plan'), may('noticeNo')];

/** What each action's form asks for (docs/API.md, the actions table). `duplicateOf` is asked only for a duplicate. */
export const ACTION_FIELDS: Record<HazardAction, readonly FieldSpec[]> = {
  assign: HANDOVER,
  reassign: HANDOVER,
  start: [may('measures')],
  measures: [need('measures')],
  report: [need('note')],
  pass: [may('note')],
  fail: [need('note')],
  reopen: [need('note')],
  invalidate: [need('resolution'), need('duplicateOf'), need('note')],
};

/** Steps that may bring photos: interim measures, the unit's evidence, the re-inspection's findings. */
export const PHOTO_ACTIONS: readonly HazardAction[] = ['start', 'measures', 'report', 'pass', 'fail'];

/** The fields the form shows now: `duplicateOf` only when closing as a duplicate. */
export function fieldsFor(action: HazardAction, values: ActionValues): FieldSpec[] {
  return ACTION_FIELDS[action].filter((f) => f.field !== 'duplicateOf' || values.resolution === 'duplicate');
}

/** The body of `POST /api/hazards/:id/transitions`: the version read, and only the fields shown and filled in. */
export function transitionBody(action: HazardAction, values: ActionValues, version: number): Record<string, unknown> {
  const body: Record<string, unknown> = { action, version };
  for (const { field } of fieldsFor(action, values)) {
    const value = values[field]?.trim();
    if (!value) continue;
    body[field] = field === 'duplicateOf' ? Number(value) : value;
  }
  return body;
}

/** A unit that may take a hazard (`GET /api/units?county=`). */
export interface Unit {
  code: string;
  name: string;
  nameEn: string | null;
  kind: 'township' | 'department';
  jurisdiction: string;
}

/**
 * The units in the order a brigade hands out work: the county's departments, the hazard's own
 * township, the county's other townships, then the city's departments.
 */
export function unitOptions(units: readonly Unit[], h: Pick<Hazard, 'county' | 'township'>): Unit[] {
  const rank = (u: Unit) =>
    u.kind === 'department' ? (u.jurisdiction === h.county.code ? 0 : 3) : u.code === h.township?.code ? 1 : 2;
  return [...units].sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code));
}
