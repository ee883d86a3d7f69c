import { z } from 'zod';
import type { BBox } from './app-deps';

const SLACK_DEG = 0.05; // a box may reach a little past the outer boundary

function looksProjected(values: number[]): boolean {
  return values.some((v) => Math.abs(v) > 180);
}

/** `minLon,minLat,maxLon,maxLat` in WGS84 that touches Liaocheng. */
export function bboxParam(extent: BBox) {
  return z
    .string()
    .transform((raw, ctx): BBox => {
      const parts = raw.split(',').map((s) => s.trim());
      const nums = parts.map(Number);
      if (parts.length !== 4 || parts.some((s) => s === '') || nums.some((n) => !Number.isFinite(n))) {
        ctx.addIssue({ code: 'custom', message: 'must be four numbers: minLon,minLat,maxLon,maxLat' });
        return z.NEVER;
      }
      if (looksProjected(nums)) {
        ctx.addIssue({
          code: 'custom',
          message: 'values beyond ±180 look like projected metres (e.g. EPSG:3857 or 4498); send WGS84 longitude/latitude degrees',
        });
        return z.NEVER;
      }
      const [minLon, minLat, maxLon, maxLat] = nums;
      if (Math.abs(minLat) > 90 || Math.abs(maxLat) > 90) {
        ctx.addIssue({ code: 'custom', message: 'latitude must be between -90 and 90 (is the order lon,lat?)' });
        return z.NEVER;
      }
      if (minLon >= maxLon || minLat >= maxLat) {
        ctx.addIssue({ code: 'custom', message: 'min must be less than max for both longitude and latitude' });
        return z.NEVER;
      }
      const [eMinLon, eMinLat, eMaxLon, eMaxLat] = extent;
      const touches =
        maxLon >= eMinLon - SLACK_DEG && minLon <= eMaxLon + SLACK_DEG && maxLat >= eMinLat - SLACK_DEG && minLat <= eMaxLat + SLACK_DEG;
      if (!touches) {
        ctx.addIssue({
          code: 'custom',
          message: `box lies outside Liaocheng (${extent.map((v) => v.toFixed(3)).join(',')}); is it in GCJ-02/BD-09 or swapped lat,lon?`,
        });
        return z.NEVER;
      }
      return [minLon, minLat, maxLon, maxLat];
    });
}

/**
 * The days a date may name. PostgreSQL has no year 0 (`0000-01-01` failed in the database, a 500),
 * and dates far out broke the analyses' arithmetic; nothing this app records or analyses lies
 * outside these years.
 */
export const FIRST_DATE = '1900-01-01';
export const LAST_DATE = '2100-12-31';

/** Whether `iso` (YYYY-MM-DD) is a real calendar date between FIRST_DATE and LAST_DATE. */
export function isDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso && iso >= FIRST_DATE && iso <= LAST_DATE;
}

/** A calendar date, YYYY-MM-DD, that exists and lies between FIRST_DATE and LAST_DATE. */
export const dateParam = z
  .string({ message: 'must be a date YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date')
  // Outside every calendar the app keeps (calendar_days lies well inside these years): the rule markets use too.
  .refine((s) => s >= FIRST_DATE && s <= LAST_DATE, { message: `must lie between ${FIRST_DATE} and ${LAST_DATE}`, params: { rule: 'outside_calendar' } });

/** A comma-separated subset of `allowed`, e.g. `severity=fatal,injury`. */
export function listParam<T extends string>(allowed: readonly T[]) {
  return z.string().transform((raw, ctx): T[] => {
    const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = items.filter((s) => !allowed.includes(s as T));
    if (items.length === 0 || unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown value${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ') || '(empty)'}; allowed: ${allowed.join(', ')}`,
      });
      return z.NEVER;
    }
    return [...new Set(items)] as T[];
  });
}

/** Adds the "from must not be after to" check to a query schema with optional from/to. */
export function orderedDates<T extends { from?: string; to?: string }>(q: T, ctx: z.RefinementCtx) {
  if (q.from && q.to && q.from > q.to) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: `from (${q.from}) is after to (${q.to})` });
  }
}
