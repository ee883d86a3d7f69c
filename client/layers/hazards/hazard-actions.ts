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

export const DEPARTMENT_SUFFIXES = ['jtj', 'glzx', 'zjj', 'jyj'] as const;
export type DepartmentSuffix = (typeof DEPARTMENT_SUFFIXES)[number];

export type UnitOption =
  | { code: string; kind: 'department'; level: 'county' | 'city'; suffix: DepartmentSuffix }
  | { code: string; kind: 'township'; name: string };

export const CITY_CODE = '371500';

/**
 * The units a hazard may be handed to, as far as the client can name them without a units
 * endpoint: the departments of its county and of the city, and its own township.
 */
export function unitOptions(h: Pick<Hazard, 'county' | 'township'>): UnitOption[] {
  const departments = (code: string, level: 'county' | 'city') =>
    DEPARTMENT_SUFFIXES.map((suffix): UnitOption => ({ code: `${code}-${suffix}`, kind: 'department', level, suffix }));
  return [
    ...departments(h.county.code, 'county'),
    ...(h.township ? [{ code: h.township.code, kind: 'township' as const, name: h.township.name }] : []),
    ...departments(CITY_CODE, 'city'),
  ];
}
