import type { Locale } from '@client/i18n/locale';

export type MarketCalendar = 'lunar' | 'solar' | 'weekly';

const CN_DIGIT = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const CN_WEEKDAY = ['', '一', '二', '三', '四', '五', '六', '日'];
const EN_WEEKDAY = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** 初一 … 初十, 十一 … 二十, 廿一 … 三十: how a lunar day is written. */
export function lunarDayName(day: number): string {
  if (day <= 10) return `初${CN_DIGIT[day]}`;
  if (day < 20) return `十${CN_DIGIT[day - 10]}`;
  if (day === 20) return '二十';
  if (day < 30) return `廿${CN_DIGIT[day - 20]}`;
  return '三十';
}

const LUNAR_MONTH = ['', '正', '二', '三', '四', '五', '六', '七', '八', '九', '十', '冬', '腊'];

/** 农历十月十三 / 闰六月初一; in English "lunar 10-13", "lunar leap 6-1". */
export function lunarDateName(lunar: { month: number; day: number; leap: boolean }, locale: Locale): string {
  if (locale === 'en') return `lunar ${lunar.leap ? 'leap ' : ''}${lunar.month}-${lunar.day}`;
  return `农历${lunar.leap ? '闰' : ''}${LUNAR_MONTH[lunar.month]}月${lunarDayName(lunar.day)}`;
}

/**
 * The digits a lunar market is known by (逢二、七 → [2, 7]) when its days are exactly every day of the
 * month ending in them (10 stands for 十: days 10, 20, 30); null for any other set.
 */
export function marketDigits(days: readonly number[]): number[] | null {
  const digits = [...new Set(days.map((d) => d % 10 || 10))].sort((a, b) => a - b);
  const expected = new Set<number>();
  for (const digit of digits) for (let d = digit; d <= 30; d += 10) expected.add(d);
  const given = new Set(days);
  if (given.size !== expected.size || [...expected].some((d) => !given.has(d))) return null;
  return digits;
}

const ordinal = (n: number) => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

/**
 * A schedule as people say it: 逢二、七 (lunar days ending in 2 and 7), 农历初一、十五, 每月5、20日,
 * 每周一、四; in English "lunar days ending 2 and 7", "lunar 1st and 15th", "5th and 20th of
 * each month", "Mon and Thu".
 */
export function scheduleName(calendar: MarketCalendar, days: readonly number[], locale: Locale): string {
  const sorted = [...days].sort((a, b) => a - b);
  const zh = locale === 'zh';
  const and = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? ''));
  switch (calendar) {
    case 'lunar': {
      const digits = marketDigits(sorted);
      if (digits) return zh ? `逢${digits.map((d) => CN_DIGIT[d]).join('、')}` : `lunar days ending ${and(digits.map((d) => String(d % 10)))}`;
      return zh ? `农历${sorted.map(lunarDayName).join('、')}` : `lunar ${and(sorted.map(ordinal))}`;
    }
    case 'solar':
      return zh ? `每月${sorted.join('、')}日` : `${and(sorted.map(ordinal))} of each month`;
    case 'weekly':
      return zh ? `每周${sorted.map((d) => CN_WEEKDAY[d]).join('、')}` : and(sorted.map((d) => EN_WEEKDAY[d]));
  }
}

/** 周三 / Wed for an ISO weekday (1 Monday … 7 Sunday). */
export function weekdayName(weekday: number, locale: Locale): string {
  return locale === 'zh' ? `周${CN_WEEKDAY[weekday]}` : EN_WEEKDAY[weekday];
}
