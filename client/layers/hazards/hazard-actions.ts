import type { Hazard, HazardAction } from './hazard-types';

export type ActionField = 'unitCode' | 'deadline' | 'plan' | 'noticeNo' | 'measures' | 'note' | 'resolution' | 'duplicateOf' | 'marketResolution' | 'relocatedTo';
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
  return: [need('note')],
  extend: [need('deadline'), need('note')],
  grant: [may('note')],
  refuse: [need('note')],
  pass: [may('note')],
  fail: [need('note')],
  reopen: [need('note')],
  invalidate: [need('resolution'), need('duplicateOf'), need('note')],
};

/** Steps that may bring photos: interim measures, the unit's evidence, the re-inspection's findings. */
export const PHOTO_ACTIONS: readonly HazardAction[] = ['start', 'measures', 'report', 'pass', 'fail'];

/** Steps whose photos the API requires: the work reported done is shown, not only said. */
export const PHOTO_REQUIRED: readonly HazardAction[] = ['report'];

/**
 * The fields the form shows now: `duplicateOf` only when closing as a duplicate; closing (pass) a
 * hazard that names its market asks how the market was settled, and where to when it moved.
 */
export function fieldsFor(action: HazardAction, values: ActionValues, hazard?: Pick<Hazard, 'marketId'>): FieldSpec[] {
  const fields = ACTION_FIELDS[action].filter((f) => f.field !== 'duplicateOf' || values.resolution === 'duplicate');
  if (action !== 'pass' || !hazard?.marketId) return fields;
  return [need('marketResolution'), ...(values.marketResolution === 'relocated' ? [need('relocatedTo')] : []), ...fields];
}

/** `116.12345, 36.12345` (or with a full-width comma or spaces) as [lon, lat]; null if it is not two numbers. */
export function lonLatText(text: string): [number, number] | null {
  const parts = text.split(/[\s,，]+/).filter(Boolean).map(Number);
  return parts.length === 2 && parts.every(Number.isFinite) ? [parts[0], parts[1]] : null;
}

/** The body of `POST /api/hazards/:id/transitions`: the version read, and only the fields shown and filled in. */
export function transitionBody(action: HazardAction, values: ActionValues, version: number, hazard?: Pick<Hazard, 'marketId'>): Record<string, unknown> {
  const body: Record<string, unknown> = { action, version };
  for (const { field } of fieldsFor(action, values, hazard)) {
    const value = values[field]?.trim();
    if (!value) continue;
    // A site that is not two numbers goes as it is: the API says what is wrong with it, at the field.
    body[field] = field === 'duplicateOf' ? Number(value) : field === 'relocatedTo' ? (lonLatText(value) ?? value) : value;
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
