import { describe, expect, it } from 'vitest';
import { sheetDateTime, sheetDay } from '@api/lib/row-import';

/** The one reader of the dates and times clerks write in sheets (every import's days, the accidents' times). */
describe('sheetDateTime', () => {
  it('reads the forms brigades write, with and without a time', () => {
    const at = (h: number, mi: number, s = 0) => ({ h, mi, s });
    expect(sheetDateTime('2025-03-04 08:30')).toEqual({ y: 2025, mo: 3, d: 4, time: at(8, 30) });
    expect(sheetDateTime('2025/3/4 8:30:15')).toEqual({ y: 2025, mo: 3, d: 4, time: at(8, 30, 15) });
    expect(sheetDateTime('2025年3月4日8时30分')).toEqual({ y: 2025, mo: 3, d: 4, time: at(8, 30) });
    expect(sheetDateTime('2025-03-04T21:05')).toEqual({ y: 2025, mo: 3, d: 4, time: at(21, 5) });
    expect(sheetDateTime('2025.3.4')).toEqual({ y: 2025, mo: 3, d: 4, time: null });
  });

  it('reads Excel serial numbers, the fraction as the time of day', () => {
    // 45720 is 2025-03-04 in Excel's 1900 system; .35 of a day is 08:24.
    expect(sheetDateTime('45720')).toEqual({ y: 2025, mo: 3, d: 4, time: null });
    expect(sheetDateTime('45720.35')).toEqual({ y: 2025, mo: 3, d: 4, time: { h: 8, mi: 24, s: 0 } });
  });

  it('refuses days and times that do not exist, and what is not a date', () => {
    for (const raw of ['2025-13-45', '2025-02-29', '2024-02-30 08:00', '2025-03-04 24:00', '2025-03-04 08:60', '明天', '2025', '']) expect(sheetDateTime(raw)).toBeNull();
    expect(sheetDateTime('2024-02-29 23:59')).toEqual({ y: 2024, mo: 2, d: 29, time: { h: 23, mi: 59, s: 0 } });
  });
});

describe('sheetDay', () => {
  it('gives the day as YYYY-MM-DD, its time left out', () => {
    expect(sheetDay('2026/1/5 08:30')).toBe('2026-01-05');
    expect(sheetDay('2026年1月5日')).toBe('2026-01-05');
    expect(sheetDay('2026-02-30')).toBeNull();
  });
});
