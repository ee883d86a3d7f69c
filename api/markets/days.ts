import { LAST_DAY, type Calendar } from './write-schemas';

const NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/**
 * A market's days as written in a ledger, for its calendar, as the explicit list the API stores;
 * or the reason it cannot be read. Three forms:
 * - 逢 and digits (逢二、七, 逢二七, 逢2、7, 逢三六九, 逢五、十): the days of the month whose last
 *   digit is one of them (十 and 10 are 0): 逢二、七 = 2, 7, 12, 17, 22, 27. Lunar or solar.
 * - lunar only, exactly two days five apart within 1–10 (2,7 or 5,10): read as 逢 those digits, as
 *   ledgers write them, since a lunar market meets every fifth day. A market meeting on lunar 2 and
 *   7 alone cannot be imported so; POST /api/markets takes its days as they are.
 * - any other list of numbers, separated by commas (, ，), 、, semicolons or spaces: those days.
 * Days outside the calendar (0, lunar 31, weekday 8) are refused, never dropped.
 */
export function parseDays(raw: string, calendar: Calendar): { days: number[] } | { reason: string } {
  const text = raw.trim();
  if (!text) return { reason: 'empty' };
  const last = LAST_DAY[calendar];
  const byLastDigit = (digits: number[]) => Array.from({ length: last }, (_, i) => i + 1).filter((d) => digits.includes(d % 10));
  const feng = /^逢\s*(.+)$/.exec(text);
  if (feng) {
    if (calendar === 'weekly') return { reason: `"${text}": 逢 is for lunar or solar days; a weekly market lists its weekdays (1 Monday … 7 Sunday)` };
    const digits = [...feng[1].replace(/[、，,\s]/g, '')].map((ch) => NUMERALS[ch] ?? (/^[0-9]$/.test(ch) ? Number(ch) : NaN));
    if (!digits.length || digits.some((d) => Number.isNaN(d) || d === 0)) return { reason: `"${text}" is not 逢 and digits (e.g. 逢二、七)` };
    return { days: byLastDigit([...new Set(digits.map((d) => d % 10))]) };
  }
  const parts = text.split(/[,，、;；\s]+/).filter(Boolean);
  if (parts.some((p) => !/^[0-9]{1,2}$/.test(p))) return { reason: `"${text}" is not a list of days (e.g. 2,7,12,17,22,27 or 逢二、七)` };
  const days = parts.map(Number);
  if (new Set(days).size !== days.length) return { reason: `"${text}": a day appears twice` };
  const out = days.find((d) => d < 1 || d > last);
  if (out !== undefined) return { reason: `${out} is not a day: ${calendar} days run 1–${last}` };
  const sorted = [...days].sort((a, b) => a - b);
  if (calendar === 'lunar' && sorted.length === 2 && sorted[1] === sorted[0] + 5 && sorted[1] <= 10) return { days: byLastDigit(sorted.map((d) => d % 10)) };
  return { days: sorted };
}
