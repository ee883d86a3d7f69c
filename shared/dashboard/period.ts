/**
 * The periods a leader reads numbers over, as China calendar days ('YYYY-MM-DD', `to` exclusive):
 * a month (`2026-11`), a quarter (`2026-Q4`), a year (`2025`), the year to a day (`2026-11-15`),
 * or any days (`from`, `to` inclusive as the user picks them). Each has the same period last year
 * (同比) and the period just before (环比). Shared by the API (which counts) and the client (its
 * period picker and the URL).
 */
import { dateOfDay, dayNumber, isoDate } from '../calendar/day-number';

export const PERIOD_KINDS = ['month', 'quarter', 'ytd', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** First day. */
  from: string;
  /** The day after the last (exclusive). */
  to: string;
  /** A month, quarter or year still under way: it ends today, and its 同比 and 环比 cover as many days. */
  partial?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
/** The first of the month `months` after year y, month m (m 1–12; months may be negative). */
const firstOf = (y: number, m: number, months = 0) => {
  const k = y * 12 + (m - 1) + months;
  return day(Math.floor(k / 12), (k % 12) + 1, 1);
};

/** The years the numbers may be about. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

/** Why a period cannot be read, naming the parameter. */
export class PeriodError extends Error {
  constructor(readonly param: 'at' | 'from' | 'to', message: string) {
    super(message);
  }
}

function year(raw: string, param: 'at' | 'from' | 'to'): number {
  const y = Number(raw);
  if (!Number.isInteger(y) || y < FIRST_YEAR || y > LAST_YEAR) throw new PeriodError(param, `the year must be ${FIRST_YEAR}–${LAST_YEAR}`);
  return y;
}

function date(raw: string, param: 'at' | 'from' | 'to'): string {
  try {
    dayNumber(raw);
  } catch {
    throw new PeriodError(param, `"${raw.slice(0, 20)}" is not a day that exists (YYYY-MM-DD)`);
  }
  year(raw.slice(0, 4), param);
  return raw;
}

/**
 * The period of `kind` named by `at` (month `2026-11`, quarter `2026-Q4`, year `2025`, ytd
 * `2026-11-15`), or by `from`–`to` (custom, both days inclusive); without `at`, the one holding
 * `today`. Throws PeriodError naming the parameter at fault.
 */
export function periodOf(kind: PeriodKind, q: { at?: string; from?: string; to?: string }, today: string): Period {
  const whole = namedPeriod(kind, q, today);
  // A period still under way ends today: December three days in is three days, compared with
  // three days of last December, not all of it.
  const end = isoDate(dayNumber(today) + 1);
  if (whole.from < end && whole.to > end) return { ...whole, to: end, partial: kind !== 'ytd' && kind !== 'custom' ? true : undefined };
  return whole;
}

function namedPeriod(kind: PeriodKind, q: { at?: string; from?: string; to?: string }, today: string): Period {
  const at = q.at;
  if (kind === 'custom') {
    if (!q.from || !q.to) throw new PeriodError(q.from ? 'to' : 'from', 'a custom period needs from and to (YYYY-MM-DD)');
    const [from, last] = [date(q.from, 'from'), date(q.to, 'to')];
    if (last < from) throw new PeriodError('to', 'to is before from');
    if (dayNumber(last) - dayNumber(from) > 3660) throw new PeriodError('to', 'a period may be at most ten years');
    return { kind, from, to: isoDate(dayNumber(last) + 1) };
  }
  const t = dateOfDay(dayNumber(today));
  if (kind === 'month') {
    const m = at === undefined ? [t.year, t.month] : /^(\d{4})-(\d{2})$/.exec(at)?.slice(1).map(Number);
    if (!m || m[1] < 1 || m[1] > 12) throw new PeriodError('at', 'a month is YYYY-MM');
    year(String(m[0]), 'at');
    return { kind, from: firstOf(m[0], m[1]), to: firstOf(m[0], m[1], 1) };
  }
  if (kind === 'quarter') {
    const m = at === undefined ? [t.year, Math.ceil(t.month / 3)] : /^(\d{4})-Q([1-4])$/i.exec(at)?.slice(1).map(Number);
    if (!m) throw new PeriodError('at', 'a quarter is YYYY-Q1 … YYYY-Q4');
    year(String(m[0]), 'at');
    return { kind, from: firstOf(m[0], m[1] * 3 - 2), to: firstOf(m[0], m[1] * 3 - 2, 3) };
  }
  if (kind === 'year') {
    const y = at === undefined ? t.year : /^\d{4}$/.test(at) ? year(at, 'at') : NaN;
    if (Number.isNaN(y)) throw new PeriodError('at', 'a year is YYYY');
    return { kind, from: day(y, 1, 1), to: day(y + 1, 1, 1) };
  }
  const end = at === undefined ? today : date(at, 'at');
  return { kind, from: `${end.slice(0, 4)}-01-01`, to: isoDate(dayNumber(end) + 1) };
}

/** A day a year earlier; 29 February becomes the 28th. */
function yearBefore(d: string): string {
  const [y, m, dd] = d.split('-').map(Number);
  const leap = (x: number) => (x % 4 === 0 && x % 100 !== 0) || x % 400 === 0;
  return day(y - 1, m, m === 2 && dd === 29 && !leap(y - 1) ? 28 : dd);
}

/** The same days last year (同比). */
export function sameLastYear(p: Period): Period {
  // The end is the day after last year's last day: days to 28 February 2028 compare with days to the 28th, and then 1 March.
  return { kind: p.kind, from: yearBefore(p.from), to: isoDate(dayNumber(yearBefore(lastDay(p))) + 1), partial: p.partial };
}

/** The period just before (环比): the month, quarter or year before; before a custom or year-to-date span, as many days. */
export function periodBefore(p: Period): Period {
  const [y, m] = p.from.split('-').map(Number);
  const days = dayNumber(p.to) - dayNumber(p.from);
  const start = p.kind === 'month' ? firstOf(y, m, -1) : p.kind === 'quarter' ? firstOf(y, m, -3) : p.kind === 'year' ? day(y - 1, 1, 1) : undefined;
  if (start === undefined) return { kind: p.kind, from: isoDate(dayNumber(p.from) - days), to: p.from };
  // A period under way is compared with as many days from the start of the one before (capped at its end).
  const to = p.partial ? isoDate(Math.min(dayNumber(start) + days, dayNumber(p.from))) : p.from;
  return { kind: p.kind, from: start, to, partial: p.partial };
}

/** The last day of a period (its `to` is exclusive). */
export const lastDay = (p: Period) => isoDate(dayNumber(p.to) - 1);
