import { z } from 'zod';
import { chinaToday } from '@shared/calendar/day-number';
import { LIGHT_PROGRAMMES, LIGHT_STATUSES, LIGHT_TYPES } from '@shared/lights/light-terms';
import { INPUT_CRS } from '../lib/china-crs';
import { dateParam } from '../lib/query-params';
import { idValue, text } from '../lib/values';

/** A JSON write body, at most: a light is a point and a few words. */
export const MAX_BODY_BYTES = 64 * 1024;
/** The dearest single light we take as typed in (yuan); more is taken for a slip of the keyboard. */
export const MAX_COST = 10_000_000;

const oneOf = (values: readonly string[]) => ({ message: `one of ${values.join(', ')}` });
const coordinate = z.number({ message: 'must be a number' });
const crs = z.enum(INPUT_CRS, oneOf(INPUT_CRS)).default('wgs84');
/** A day that has already come (China time): a light put up, a fault found, a light taken down. */
const pastDate = dateParam.refine((d) => d <= chinaToday(), { message: 'is in the future', params: { rule: 'future_date' } });
const cost = z.number({ message: 'must be a number of yuan' }).min(0, 'must be at least 0').max(MAX_COST, `must be at most ${MAX_COST} yuan`);

const fields = {
  type: z.enum(LIGHT_TYPES, oneOf(LIGHT_TYPES)),
  programme: z.enum(LIGHT_PROGRAMMES, oneOf(LIGHT_PROGRAMMES)),
  name: text(100),
  installedBy: text(100),
  cost,
  source: text(500),
  note: text(2000),
};

export const CreateLightBody = z
  .object({
    type: fields.type,
    programme: fields.programme.default('other'),
    name: fields.name.optional(),
    lon: coordinate,
    lat: coordinate,
    /** wgs84, or gcj02 (AMap, Tencent) / bd09 (Baidu), converted before storing. */
    crs,
    /** planned: to be put up (installedOn then the planned day, may be ahead); else put up on installedOn. */
    status: z.enum(LIGHT_STATUSES, oneOf(LIGHT_STATUSES)).default('working'),
    installedOn: dateParam.optional(),
    /** The day a faulty or removed light became so (default: today). */
    statusOn: pastDate.optional(),
    installedBy: fields.installedBy.optional(),
    cost: cost.optional(),
    /** The 照明缺失 hazard it answers. */
    hazardId: idValue.optional(),
    source: fields.source.optional(),
    note: fields.note.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.status !== 'planned' && b.installedOn === undefined) ctx.addIssue({ code: 'custom', path: ['installedOn'], message: 'is required for a light that is up (send status planned for one still to come)', params: { rule: 'required' } });
    if (b.status !== 'planned' && b.installedOn !== undefined && b.installedOn > chinaToday()) {
      ctx.addIssue({ code: 'custom', path: ['installedOn'], message: `is in the future (${b.installedOn}): a light not yet up is status planned`, params: { rule: 'future_date' } });
    }
    if (b.statusOn !== undefined && b.installedOn !== undefined && b.statusOn < b.installedOn) {
      ctx.addIssue({ code: 'custom', path: ['statusOn'], message: `is before the light was put up (${b.installedOn})`, params: { rule: 'before_install' } });
    }
  });
export type CreateLight = z.infer<typeof CreateLightBody>;

export const PatchLightBody = z
  .object({
    version: z.number({ message: 'the version you read is required' }).int('must be a whole number'),
    type: fields.type.optional(),
    programme: fields.programme.optional(),
    name: fields.name.nullable().optional(),
    lon: coordinate.optional(),
    lat: coordinate.optional(),
    crs,
    installedOn: dateParam.optional(),
    installedBy: fields.installedBy.nullable().optional(),
    cost: cost.nullable().optional(),
    source: fields.source.optional(),
    note: fields.note.optional(),
  })
  .refine((b) => (b.lon === undefined) === (b.lat === undefined), { path: ['lat'], message: 'lon and lat go together' })
  .refine((b) => PATCHABLE.some((k) => b[k] !== undefined), { path: ['version'], message: `nothing to change: send at least one of ${['type', 'programme', 'name', 'lon and lat', 'installedOn', 'installedBy', 'cost', 'source'].join(', ')}` });
export type PatchLight = z.infer<typeof PatchLightBody>;
export const PATCHABLE = ['type', 'programme', 'name', 'lon', 'installedOn', 'installedBy', 'cost', 'source'] as const;

export const StatusBody = z.object({
  version: z.number({ message: 'the version you read is required' }).int('must be a whole number'),
  status: z.enum(LIGHT_STATUSES, oneOf(LIGHT_STATUSES)),
  /** The day it became so (default today); for working from planned, the day it was put up. */
  statusOn: pastDate.optional(),
  note: fields.note.optional(),
});
