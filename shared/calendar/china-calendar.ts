/**
 * The Chinese calendar of a date: lunar month and day (with leap months), ISO weekday, and the
 * State Council's public holidays (法定节假日) with their make-up working days (调休).
 *
 * From 6tail's tyme4ts, a maintained library (the successor of lunar-javascript) whose lunar
 * months follow the official new-moon and solar-term rules and which carries the published holiday
 * notices. Those notices are issued a year at a time: for a year the library does not know yet,
 * `holiday` is null and `workday` means Monday to Friday. `HOLIDAY_DATA_VERSION` changes when an
 * update of the library brings new notices, so a stored calendar can tell it is out of date.
 */
import { LegalHoliday, LunarDay, SolarDay, type LunarMonth } from 'tyme4ts';
import { dateOfDay, dayNumber, isoDate, isoWeekday } from './day-number';

export interface CalendarDay {
  date: string; // YYYY-MM-DD
  lunarMonth: number; // 1–12
  /** A leap month (闰月) repeats the number of the month before it. */
  leap: boolean;
  lunarDay: number; // 1–30 (30 only in long months)
  weekday: number; // ISO: 1 Monday … 7 Sunday
  /** The public holiday's name (春节, 国庆节 …) on a day off, else null. */
  holiday: string | null;
  /** A working day: Monday–Friday outside holidays, and the weekend days worked instead (调休). */
  workday: boolean;
}

/** Fingerprint of the library's holiday table (length and FNV-1a hash). */
export const HOLIDAY_DATA_VERSION = fingerprint(LegalHoliday.DATA);

/** The calendar of one date 'YYYY-MM-DD'. */
export function calendarDay(date: string): CalendarDay {
  return calendarDays(date, date)[0];
}

/**
 * Every day from `from` to `to` inclusive ('YYYY-MM-DD'). Walks the lunar months instead of asking
 * the library for each day (a lunar date conversion costs ~0.1 ms; a month step nothing).
 */
export function calendarDays(from: string, to: string): CalendarDay[] {
  const first = dayNumber(from);
  const last = dayNumber(to);
  const out: CalendarDay[] = [];
  walkLunar(first, last, (day, month, lunarDay) => {
    const { year, month: m, date } = dateOfDay(day);
    const weekday = isoWeekday(day);
    const legal = LegalHoliday.fromYmd(year, m, date);
    out.push({
      date: isoDate(day),
      lunarMonth: month.getMonth(),
      leap: month.isLeap(),
      lunarDay,
      weekday,
      holiday: legal && !legal.isWork() ? legal.getName() : null,
      workday: legal ? legal.isWork() : weekday <= 5,
    });
  });
  return out;
}

/** Lunar day (1–30) of every day number in [fromDay, toDay], for the generator's day loops. */
export function lunarDays(fromDay: number, toDay: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, toDay - fromDay + 1));
  walkLunar(fromDay, toDay, (day, _month, lunarDay) => {
    out[day - fromDay] = lunarDay;
  });
  return out;
}

/** Spring Festival (春节, lunar 1-1) of a Gregorian year, 'YYYY-MM-DD'. */
export function springFestival(year: number): string {
  const d = LunarDay.fromYmd(year, 1, 1).getSolarDay();
  return `${d.getYear()}-${pad(d.getMonth())}-${pad(d.getDay())}`;
}

function walkLunar(first: number, last: number, visit: (day: number, month: LunarMonth, lunarDay: number) => void) {
  if (last < first) return;
  const { year, month, date } = dateOfDay(first);
  const start = SolarDay.fromYmd(year, month, date).getLunarDay();
  let lunarMonth = start.getLunarMonth();
  let length = lunarMonth.getDayCount();
  let lunarDay = start.getDay();
  for (let day = first; day <= last; day++) {
    visit(day, lunarMonth, lunarDay);
    if (++lunarDay > length) {
      lunarMonth = lunarMonth.next(1);
      length = lunarMonth.getDayCount();
      lunarDay = 1;
    }
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(16)}`;
}
