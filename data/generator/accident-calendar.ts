/**
 * The days of the accident window with what makes them busier or quieter: a gently falling trend,
 * month, weekday, the wheat (三夏) and autumn (三秋) harvests, Spring Festival travel, National
 * Day week, and the day's weather. Factors are moderate (±10–40 %), in line with the seasonal and
 * weekly swings in published Chinese police statistics; the exact values are this generator's.
 */
import { lunarDays, springFestival } from '@shared/calendar/china-calendar';
import { dateOfDay, dayNumber, isoWeekday } from '@shared/calendar/day-number';
import type { Rng } from './random';
import type { Weather } from './types';

export interface Day {
  day: number; // days since 1970-01-01 (China date)
  year: number;
  month: number; // 1–12
  date: number;
  weekday: number; // 0 Sunday
  lunarDay: number; // 1–30
  weather: Weather;
  harvest: boolean;
  /** Days from that year's Spring Festival (negative before), when within ±20, else null. */
  springFestival: number | null;
  weight: number; // relative expected accident count
}

const MONTH = [0.95, 0.86, 0.92, 0.97, 1.0, 1.05, 1.05, 1.03, 1.02, 1.08, 1.03, 1.0];
const WEEKDAY = [1.03, 0.96, 0.95, 0.96, 0.98, 1.06, 1.06]; // Sunday first
const WEATHER_FACTOR: Record<Weather, number> = { clear: 1, cloudy: 1.02, rain: 1.18, fog: 1.3, snow: 1.4 };

/** Day-weather chances by month (clear, cloudy, rain, fog, snow), Liaocheng's climate in outline. */
const WEATHER_BY_MONTH: number[][] = [
  [0.55, 0.22, 0.03, 0.13, 0.07], [0.55, 0.25, 0.06, 0.07, 0.07], [0.55, 0.28, 0.12, 0.04, 0.01],
  [0.55, 0.28, 0.14, 0.03, 0], [0.56, 0.27, 0.16, 0.01, 0], [0.5, 0.28, 0.21, 0.01, 0],
  [0.36, 0.31, 0.32, 0.01, 0], [0.38, 0.31, 0.3, 0.01, 0], [0.52, 0.28, 0.18, 0.02, 0],
  [0.58, 0.24, 0.12, 0.06, 0], [0.55, 0.24, 0.09, 0.11, 0.01], [0.55, 0.22, 0.04, 0.13, 0.06],
];
const WEATHERS: Weather[] = ['clear', 'cloudy', 'rain', 'fog', 'snow'];

export function buildCalendar(endDate: string, years: number, rng: Rng): Day[] {
  const last = dayNumber(endDate);
  const end = dateOfDay(last);
  // `years` whole years ending on endDate: 2026-10-31 back to 2021-11-01.
  const first = Math.round(Date.UTC(end.year - years, end.month - 1, end.date) / 86_400_000) + 1;
  if (!Number.isFinite(last) || years < 1) throw new Error(`bad accident window: ${endDate}, ${years} years`);
  const lunar = lunarDays(first, last);
  const festivals = new Map<number, number>();
  for (let y = end.year - years; y <= end.year + 1; y++) festivals.set(y, dayNumber(springFestival(y)));

  const days: Day[] = [];
  let weather: Weather = 'clear';
  for (let day = first; day <= last; day++) {
    const { year, month, date } = dateOfDay(day);
    const weekday = isoWeekday(day) % 7; // Sunday 0, as WEEKDAY
    const chances = WEATHER_BY_MONTH[month - 1];
    // Weather comes in spells: half the time a possible weather simply carries over.
    const keep = chances[WEATHERS.indexOf(weather)] > 0 && rng.chance(0.5);
    if (!keep) weather = rng.weighted(WEATHERS, chances);

    const md = month * 100 + date;
    const harvest = (md >= 528 && md <= 620) || (md >= 925 && md <= 1025);
    let sf: number | null = null;
    for (const y of [year, year + 1]) {
      const off = day - festivals.get(y)!;
      if (off >= -20 && off <= 20) sf = off;
    }
    let weight = 0.97 ** ((day - first) / 365) * MONTH[month - 1] * WEEKDAY[weekday] * WEATHER_FACTOR[weather];
    if (harvest) weight *= 1.12;
    if (sf !== null) weight *= sf < 0 ? 1.15 : sf <= 6 ? 0.88 : sf <= 15 ? 1.1 : 1; // travel, holiday, return
    if (month === 10 && date <= 7) weight *= 1.1; // National Day week
    weight *= Math.exp(rng.normal(0, 0.12)); // days differ for reasons no table holds
    days.push({ day, year, month, date, weekday, lunarDay: lunar[day - first], weather, harvest, springFestival: sf, weight });
  }
  return days;
}

/**
 * Whole accident counts per day summing exactly to `count`: the cumulative expected count is
 * rounded against one random offset (systematic sampling), so each day gets its share ± 1.
 */
export function allocate(days: Day[], count: number, rng: Rng): Uint32Array {
  const total = days.reduce((s, d) => s + d.weight, 0);
  const out = new Uint32Array(days.length);
  const offset = rng.next();
  let cumulative = 0;
  let given = 0;
  days.forEach((d, i) => {
    cumulative += (d.weight / total) * count;
    const upTo = i === days.length - 1 ? count : Math.min(count, Math.floor(cumulative + offset));
    out[i] = upTo - given;
    given = upTo;
  });
  return out;
}

/**
 * Sunrise and sunset at Liaocheng (36.45°N, 115.98°E) in minutes after midnight, China time,
 * from the usual declination and equation-of-time approximations (good to a few minutes).
 */
export function sunTimes(day: number): { sunrise: number; sunset: number } {
  const doy = day - dayNumber(`${dateOfDay(day).year}-01-01`) + 1;
  const decl = (23.44 * Math.PI) / 180 * Math.sin((2 * Math.PI * (284 + doy)) / 365);
  const lat = (36.45 * Math.PI) / 180;
  const h0 = (-0.833 * Math.PI) / 180; // refraction and the sun's radius
  const cosH = (Math.sin(h0) - Math.sin(lat) * Math.sin(decl)) / (Math.cos(lat) * Math.cos(decl));
  const halfDay = (Math.acos(Math.max(-1, Math.min(1, cosH))) * 180) / Math.PI / 15 * 60;
  const B = (2 * Math.PI * (doy - 81)) / 364;
  const eot = 9.87 * Math.sin(2 * B) - 7.53 * Math.cos(B) - 1.5 * Math.sin(B);
  const noon = 12 * 60 + (120 - 115.98) * 4 - eot;
  return { sunrise: noon - halfDay, sunset: noon + halfDay };
}
