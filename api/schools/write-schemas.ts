import { z } from 'zod';
import { chinaToday } from '@shared/calendar/day-number';
import { RISK_LEVELS } from '../hazards/store';
import { AUDIT_ITEMS, AUDIT_RESULTS, SCHOOL_HOUR_LABELS } from '@shared/schools/school-terms';
import { INPUT_CRS } from '../lib/china-crs';
import { dateParam } from '../lib/query-params';
import { idValue, text } from '../lib/values';

/** Notes and the like: trimmed, not empty, no NUL (lib/values). */
const note = (max: number) => text(max);
const oneOf = (values: readonly string[]) => ({ message: `one of ${values.join(', ')}` });

/** Where each item stands in the checklist. */
export const AUDIT_ITEMS_ORDER = Object.fromEntries(AUDIT_ITEMS.map((item, i) => [item, i])) as Record<(typeof AUDIT_ITEMS)[number], number>;

export const AuditBody = z
  .object({
    doneOn: dateParam.refine((d) => d <= chinaToday(), 'is in the future'),
    /** The whole checklist, each item once (shared/schools/school-terms.ts). */
    items: z
      .array(
        z.object({
          item: z.enum(AUDIT_ITEMS, oneOf(AUDIT_ITEMS)),
          result: z.enum(AUDIT_RESULTS, oneOf(AUDIT_RESULTS)),
          note: note(500).nullable().optional(),
        }),
      )
      .max(AUDIT_ITEMS.length, `at most ${AUDIT_ITEMS.length} items`),
    note: note(2000).nullable().optional(),
  })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.items.forEach((i, k) => {
      if (seen.has(i.item)) ctx.addIssue({ code: 'custom', path: ['items', k, 'item'], message: `${i.item} appears twice` });
      seen.add(i.item);
    });
    const missing = AUDIT_ITEMS.filter((i) => !seen.has(i));
    if (missing.length) ctx.addIssue({ code: 'custom', path: ['items'], message: `every item of the checklist needs a result; missing ${missing.join(', ')}` });
  });
export type AuditInput = z.infer<typeof AuditBody>;

const time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time HH:MM, 00:00–23:59');
const count = z.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be at least 0').max(100, 'must be at most 100');

const Hours = z
  .array(
    z
      .object({ label: z.enum(SCHOOL_HOUR_LABELS, oneOf(SCHOOL_HOUR_LABELS)), from: time, to: time })
      .refine((h) => h.from < h.to, { path: ['to'], message: 'must be after from (the hours are reversed)' }),
  )
  .min(1, 'needs at least one period')
  .max(SCHOOL_HOUR_LABELS.length, `at most ${SCHOOL_HOUR_LABELS.length} periods`)
  .superRefine((hours, ctx) => {
    const seen = new Set<string>();
    hours.forEach((h, k) => {
      if (seen.has(h.label)) ctx.addIssue({ code: 'custom', path: [k, 'label'], message: `${h.label} appears twice` });
      seen.add(h.label);
    });
  })
  // Kept in the order of the day.
  .transform((hours) => [...hours].sort((a, b) => a.from.localeCompare(b.from)));

const Days = z
  .array(z.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'ISO weekdays: 1 (Monday) to 7 (Sunday)').max(7, 'ISO weekdays: 1 (Monday) to 7 (Sunday)'))
  .min(1, 'needs at least one day')
  .max(7, 'at most 7 days')
  .refine((d) => new Set(d).size === d.length, 'a day appears twice')
  .transform((d) => [...d].sort((a, b) => a - b));

const Staffing = z
  .object({ police: count.default(0), auxiliary: count.default(0), teachers: count.default(0), parents: count.default(0) })
  .refine((s) => s.police + s.auxiliary + s.teachers + s.parents > 0, 'needs at least one person');

export const GuardPostBody = z.object({ gateId: idValue, hours: Hours, days: Days, staffing: Staffing, note: note(500).nullable().optional() });
export type GuardPostInput = z.infer<typeof GuardPostBody>;

export const GuardPostPatch = z
  .object({
    version: z.number({ message: 'the version you read is required' }).int('must be a whole number'),
    gateId: idValue.optional(),
    hours: Hours.optional(),
    days: Days.optional(),
    staffing: Staffing.optional(),
    note: note(500).nullable().optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'version'), { path: ['version'], message: 'nothing to change: send at least one field' });

export const AuditHazardsBody = z.object({
  items: z
    .array(z.enum(AUDIT_ITEMS, oneOf(AUDIT_ITEMS)))
    .min(1, 'name at least one failed item')
    .max(AUDIT_ITEMS.length)
    .refine((i) => new Set(i).size === i.length, 'an item appears twice'),
  risk: z.enum(RISK_LEVELS, oneOf(RISK_LEVELS)).default('general'),
  /** Save even though an open hazard of the same type lies within 30 m of the gate. */
  confirmNotDuplicate: z.boolean().default(false),
});

/** What a school is (the schools table's CHECK). */
export const SCHOOL_KINDS = ['primary', 'junior_middle', 'senior_middle', 'nine_year', 'vocational', 'other'] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];
/** Gates given with a school, at most. */
export const MAX_GATES = 10;

const coordinate = z.number({ message: 'must be a number' });
const crs = z.enum(INPUT_CRS, oneOf(INPUT_CRS)).default('wgs84');

/** A gate as given: placed on the nearest road within 100 m of its point. */
export const GateBody = z.object({ name: text(40), lon: coordinate, lat: coordinate });

export const CreateSchoolBody = z.object({
  name: text(100),
  kind: z.enum(SCHOOL_KINDS, oneOf(SCHOOL_KINDS)).default('other'),
  lon: coordinate,
  lat: coordinate,
  /** Of the school and its gates: wgs84, or gcj02 (AMap, Tencent) / bd09 (Baidu), converted before storing. */
  crs,
  /** None: one 正门 on the nearest road that is not an expressway, as the seed places them. */
  gates: z.array(GateBody).min(1, 'give at least one gate, or leave gates out').max(MAX_GATES, `at most ${MAX_GATES} gates`).optional(),
  source: text(200).optional(),
  /** Save even though a school of the same name lies within 1 km. */
  confirmNotDuplicate: z.boolean().default(false),
});
export type CreateSchool = z.infer<typeof CreateSchoolBody>;

export const PatchSchoolBody = z
  .object({
    version: z.number({ message: 'the version you read is required' }).int('must be a whole number'),
    name: text(100).optional(),
    kind: z.enum(SCHOOL_KINDS, oneOf(SCHOOL_KINDS)).optional(),
    lon: coordinate.optional(),
    lat: coordinate.optional(),
    crs,
    source: text(200).optional(),
  })
  .refine((b) => (b.lon === undefined) === (b.lat === undefined), { path: ['lat'], message: 'lon and lat go together' })
  .refine((b) => ['name', 'kind', 'lon', 'source'].some((k) => b[k as keyof typeof b] !== undefined), {
    path: ['version'],
    message: 'nothing to change: send at least one of name, kind, lon and lat, source',
  });
export type PatchSchool = z.infer<typeof PatchSchoolBody>;

export const AddGateBody = GateBody.extend({ crs });
