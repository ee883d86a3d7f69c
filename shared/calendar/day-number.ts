/**
 * Calendar dates as whole day numbers (days since 1970-01-01), so ranges are plain integer
 * loops. A date here is a date on the wall in China (UTC+8): no time zone is ever applied.
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a 'YYYY-MM-DD' date; throws on anything that is not a real date. */
export function dayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || isoDate(ms / DAY_MS) !== date) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  return ms / DAY_MS;
}

export function dateOfDay(day: number): { year: number; month: number; date: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate() };
}

/** 'YYYY-MM-DD' of a day number (years 0–9999). */
export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Today's date in China (UTC+8, no daylight saving), 'YYYY-MM-DD', whatever the device's or server's zone. */
export function chinaToday(now = Date.now()): string {
  return isoDate(Math.floor((now + 8 * 3_600_000) / DAY_MS));
}
