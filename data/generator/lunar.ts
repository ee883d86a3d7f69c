/**
 * The lunar day of a date, for two things the demo needs: Spring Festival (春节) and rural market
 * days, which follow the lunar calendar (逢一、六 = lunar days 1, 6, 11, 16, 21, 26 …).
 * A lunar month starts on the China-time date of the new moon; new moons come from Meeus,
 * Astronomical Algorithms ch. 49 (mean phase plus the main periodic terms, good to a few minutes,
 * so only a new moon within minutes of midnight could land on the wrong date).
 */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (the calendar date in China time). */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function dateOfDay(day: number): { year: number; month: number; date: number; weekday: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate(), weekday: d.getUTCDay() };
}

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Julian Ephemeris Day of the k-th new moon after 2000-01-06 (Meeus 49.1 and table 49.A). */
function newMoonJde(k: number): number {
  const T = k / 1236.85;
  const jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * T * T - 0.00000015 * T ** 3;
  const E = 1 - 0.002516 * T - 0.0000074 * T * T;
  const M = rad(2.5534 + 29.1053567 * k - 0.0000014 * T * T);
  const Mp = rad(201.5643 + 385.81693528 * k + 0.0107582 * T * T + 0.00001238 * T ** 3);
  const F = rad(160.7108 + 390.67050284 * k - 0.0016118 * T * T - 0.00000227 * T ** 3);
  const Om = rad(124.7746 - 1.56375588 * k + 0.0020672 * T * T);
  const correction =
    -0.4072 * Math.sin(Mp) + 0.17241 * E * Math.sin(M) + 0.01608 * Math.sin(2 * Mp) +
    0.01039 * Math.sin(2 * F) + 0.00739 * E * Math.sin(Mp - M) - 0.00514 * E * Math.sin(Mp + M) +
    0.00208 * E * E * Math.sin(2 * M) - 0.00111 * Math.sin(Mp - 2 * F) - 0.00057 * Math.sin(Mp + 2 * F) +
    0.00056 * E * Math.sin(2 * Mp + M) - 0.00042 * Math.sin(3 * Mp) + 0.00042 * E * Math.sin(M + 2 * F) +
    0.00038 * E * Math.sin(M - 2 * F) - 0.00024 * E * Math.sin(2 * Mp - M) - 0.00017 * Math.sin(Om) -
    0.00007 * Math.sin(Mp + 2 * M) + 0.00004 * Math.sin(2 * Mp - 2 * F) + 0.00004 * Math.sin(3 * M);
  return jde + correction;
}

/** Day numbers (China dates) of the new moons covering [fromDay, toDay]. */
export function newMoonDays(fromDay: number, toDay: number): number[] {
  const DELTA_T = 69 / 86_400; // TT − UT in the 2020s, days
  const UNIX_EPOCH_JD = 2440587.5;
  const days: number[] = [];
  const k0 = Math.floor((fromDay - 10_962) / 29.530588861) - 2; // 10 962 = day of 2000-01-06
  for (let k = k0; ; k++) {
    const utc = newMoonJde(k) - DELTA_T - UNIX_EPOCH_JD;
    const chinaDay = Math.floor(utc + 8 / 24);
    if (chinaDay > toDay) break;
    days.push(chinaDay);
  }
  return days;
}

/** Lunar day (1–30) for every day in [fromDay, toDay]. */
export function lunarDays(fromDay: number, toDay: number): Uint8Array {
  const moons = newMoonDays(fromDay, toDay);
  const out = new Uint8Array(toDay - fromDay + 1);
  let m = 0;
  for (let d = fromDay; d <= toDay; d++) {
    while (m + 1 < moons.length && moons[m + 1] <= d) m++;
    out[d - fromDay] = d - moons[m] + 1;
  }
  return out;
}

/**
 * Spring Festival of a year: the new moon falling between 21 January and 20 February, the
 * long-standing rule (it fails only in rare years, none between 2000 and 2032).
 */
export function springFestivalDay(year: number): number {
  const from = dayNumber(`${year}-01-21`);
  const moon = newMoonDays(from, from + 30).find((d) => d >= from && d <= from + 30);
  if (moon === undefined) throw new Error(`no new moon found for Spring Festival ${year}`);
  return moon;
}
