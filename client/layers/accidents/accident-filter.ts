import { SEVERITIES, type Severity } from './severity';

export type TimePreset = 'last12m' | 'last3y' | 'all';
export const TIME_PRESETS: readonly TimePreset[] = ['last12m', 'last3y', 'all'];

/** Day indices are relative to the data's day zero, as in the binary encoding. */
export type TimeRange = { kind: 'preset'; preset: TimePreset } | { kind: 'custom'; fromDay: number; toDay: number };

export interface AccidentFilter {
  time: TimeRange;
  severities: Severity[];
}

export const DEFAULT_FILTER: AccidentFilter = {
  time: { kind: 'preset', preset: 'last12m' },
  severities: [...SEVERITIES],
};

const DAY_MS = 86_400_000;

/** A day index as the local date it stands for, `YYYY-MM-DD`. */
export function dayToIso(dayZero: number, day: number): string {
  return new Date((dayZero + day) * DAY_MS).toISOString().slice(0, 10);
}

export function isoToDay(dayZero: number, iso: string): number | null {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  return Number.isFinite(ms) ? Math.round(ms / DAY_MS) - dayZero : null;
}

function yearsBefore(dayZero: number, day: number, years: number): number {
  const date = new Date((dayZero + day) * DAY_MS);
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return Math.round(date.getTime() / DAY_MS) - dayZero + 1;
}

/**
 * A time range as inclusive day indices. Presets count back from the newest accident, not from
 * today, so that a data set that ends in the past still shows its last year.
 */
export function resolveTimeRange(
  time: TimeRange,
  span: { dayZero: number; firstDay: number; lastDay: number },
): { fromDay: number; toDay: number } {
  const { dayZero, firstDay, lastDay } = span;
  if (time.kind === 'custom') return { fromDay: time.fromDay, toDay: time.toDay };
  switch (time.preset) {
    case 'all':
      return { fromDay: firstDay, toDay: lastDay };
    case 'last12m':
      return { fromDay: Math.max(firstDay, yearsBefore(dayZero, lastDay, 1)), toDay: lastDay };
    case 'last3y':
      return { fromDay: Math.max(firstDay, yearsBefore(dayZero, lastDay, 3)), toDay: lastDay };
  }
}

/** The panel's time window as local dates, and its severities: what other analyses count over. */
export interface AccidentWindow {
  /** Local dates, inclusive; null leaves the API's default (12 months to the newest accident). */
  from: string | null;
  to: string | null;
  severities: readonly Severity[];
}

/**
 * The filter a map link names (client/app/map-query.ts): `from` and `to` local dates (inclusive),
 * or `time=last3y|all`; `sev=fatal,injury`. What it does not name, or names wrongly, is the default.
 */
export function filterFromQuery(q: URLSearchParams, dayZero: number): AccidentFilter {
  const [from, to] = [q.get('from'), q.get('to')].map((d) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? isoToDay(dayZero, d) : null));
  const preset = q.get('time') as TimePreset | null;
  const time: TimeRange =
    from !== null && to !== null && from <= to
      ? { kind: 'custom', fromDay: from, toDay: to }
      : preset && TIME_PRESETS.includes(preset)
        ? { kind: 'preset', preset }
        : DEFAULT_FILTER.time;
  const sev = (q.get('sev') ?? '').split(',').filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s));
  return { time, severities: q.has('sev') ? SEVERITIES.filter((s) => sev.includes(s)) : DEFAULT_FILTER.severities };
}

/** The filter's keys for the map's URL; the default's are removed. */
export function filterQuery(filter: AccidentFilter, dayZero: number): Record<'from' | 'to' | 'time' | 'sev', string | null> {
  const t = filter.time;
  const all = filter.severities.length === SEVERITIES.length;
  return {
    from: t.kind === 'custom' ? dayToIso(dayZero, t.fromDay) : null,
    to: t.kind === 'custom' ? dayToIso(dayZero, t.toDay) : null,
    time: t.kind === 'preset' && t.preset !== 'last12m' ? t.preset : null,
    sev: all ? null : filter.severities.join(',') || 'none',
  };
}
