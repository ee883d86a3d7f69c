import { describe, expect, it } from 'vitest';
import { calendarDay, calendarDays, lunarDays, springFestival } from '@shared/calendar/china-calendar';
import { dayNumber, isoDate, isoWeekday } from '@shared/calendar/day-number';

// Published dates (the State Council's holiday notices and the 紫金山天文台 calendar as printed).
describe('the Chinese calendar (tyme4ts)', () => {
  it('puts 2026-02-17 on 正月初一, a Tuesday off for 春节', () => {
    expect(calendarDay('2026-02-17')).toEqual({
      date: '2026-02-17', lunarMonth: 1, leap: false, lunarDay: 1, weekday: 2, holiday: '春节', workday: false,
    });
  });

  it('finds Spring Festival 2021–2027', () => {
    expect([2021, 2022, 2023, 2024, 2025, 2026, 2027].map(springFestival)).toEqual(
      ['2021-02-12', '2022-02-01', '2023-01-22', '2024-02-10', '2025-01-29', '2026-02-17', '2027-02-06'],
    );
  });

  it('gives 中秋 2024-09-17 as 8-15 and 端午 2025-05-31 as 5-5', () => {
    expect(calendarDay('2024-09-17')).toMatchObject({ lunarMonth: 8, lunarDay: 15, leap: false, holiday: '中秋节', workday: false });
    expect(calendarDay('2025-05-31')).toMatchObject({ lunarMonth: 5, lunarDay: 5, leap: false });
  });

  it('knows the leap months: 闰二月 2023 and 闰六月 2025', () => {
    expect(calendarDay('2023-03-21')).toMatchObject({ lunarMonth: 2, leap: false, lunarDay: 30 });
    expect(calendarDay('2023-03-22')).toMatchObject({ lunarMonth: 2, leap: true, lunarDay: 1 });
    expect(calendarDay('2025-07-24')).toMatchObject({ lunarMonth: 6, leap: false, lunarDay: 30 });
    expect(calendarDay('2025-07-25')).toMatchObject({ lunarMonth: 6, leap: true, lunarDay: 1 });
    expect(calendarDay('2025-08-23')).toMatchObject({ lunarMonth: 7, leap: false, lunarDay: 1 });
  });

  it('has a day 30 in a long month and none in a short one', () => {
    // 正月 2026 is long: 三十 on 18 March, 二月初一 the next day.
    expect(calendarDays('2026-03-18', '2026-03-19').map((d) => [d.lunarMonth, d.lunarDay])).toEqual([[1, 30], [2, 1]]);
    // 腊月 of 乙巳 is short: 除夕 2026-02-16 is 腊月廿九, and 正月初一 follows it.
    expect(calendarDays('2026-02-15', '2026-02-17').map((d) => [d.lunarMonth, d.lunarDay])).toEqual([[12, 28], [12, 29], [1, 1]]);
  });

  it('counts a make-up Saturday (调休) as a working day, and a holiday Monday as none', () => {
    // 2026: 春节 15–23 February off; Saturdays 14 and 28 February worked.
    expect(calendarDay('2026-02-14')).toMatchObject({ weekday: 6, holiday: null, workday: true });
    expect(calendarDay('2026-02-28')).toMatchObject({ weekday: 6, holiday: null, workday: true });
    expect(calendarDay('2026-02-16')).toMatchObject({ weekday: 1, holiday: '春节', workday: false });
    expect(calendarDay('2026-03-07')).toMatchObject({ weekday: 6, holiday: null, workday: false });
    expect(calendarDay('2025-10-01')).toMatchObject({ holiday: '国庆中秋', workday: false });
  });

  it('walks a range the same as day by day, across leap months and years', () => {
    const walked = calendarDays('2022-12-20', '2023-05-10');
    expect(walked).toHaveLength(dayNumber('2023-05-10') - dayNumber('2022-12-20') + 1);
    for (const d of walked.filter((_, i) => i % 7 === 0)) expect(calendarDay(d.date)).toEqual(d);
    const first = dayNumber('2022-12-20');
    expect(Array.from(lunarDays(first, dayNumber('2023-05-10')))).toEqual(walked.map((d) => d.lunarDay));
  });

  it('refuses dates that do not exist', () => {
    expect(() => calendarDay('2026-02-30')).toThrow(RangeError);
    expect(() => dayNumber('0000-01-01')).toThrow(RangeError);
    expect(() => dayNumber('2026-2-3')).toThrow(RangeError);
  });

  it('numbers days and ISO weekdays', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(isoDate(dayNumber('2026-12-02'))).toBe('2026-12-02');
    expect(isoWeekday(0)).toBe(4); // a Thursday
    expect(isoWeekday(dayNumber('2026-12-06'))).toBe(7); // a Sunday
    expect(isoWeekday(-1)).toBe(3);
  });
});
