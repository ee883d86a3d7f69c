import { describe, expect, it } from 'vitest';
import { parseDays } from '@api/markets/days';
import { parseTime } from '@api/markets/import-row';

describe('a market list’s days', () => {
  it('reads 逢 and digits as the days ending in them', () => {
    expect(parseDays('逢二、七', 'lunar')).toEqual({ days: [2, 7, 12, 17, 22, 27] });
    expect(parseDays('逢二七', 'lunar')).toEqual({ days: [2, 7, 12, 17, 22, 27] });
    expect(parseDays('逢2、7', 'lunar')).toEqual({ days: [2, 7, 12, 17, 22, 27] });
    // 十 ends in 0: 逢五、十 is every fifth day, day 30 of long months included.
    expect(parseDays('逢五、十', 'lunar')).toEqual({ days: [5, 10, 15, 20, 25, 30] });
    expect(parseDays('逢三六九', 'lunar')).toEqual({ days: [3, 6, 9, 13, 16, 19, 23, 26, 29] });
    // Solar months run to 31: 逢一 is the 1st, 11th, 21st and 31st.
    expect(parseDays('逢一', 'solar')).toEqual({ days: [1, 11, 21, 31] });
    expect(parseDays('逢一', 'weekly')).toMatchObject({ reason: expect.stringMatching(/weekly market lists its weekdays/) });
    expect(parseDays('逢初二', 'lunar')).toMatchObject({ reason: expect.stringMatching(/not 逢 and digits/) });
  });

  it('reads two lunar days five apart within 1–10 as 逢 them, and any other list as it is', () => {
    expect(parseDays('2,7', 'lunar')).toEqual({ days: [2, 7, 12, 17, 22, 27] });
    expect(parseDays('10，5', 'lunar')).toEqual({ days: [5, 10, 15, 20, 25, 30] });
    expect(parseDays('2,7', 'solar')).toEqual({ days: [2, 7] });
    expect(parseDays('2,8', 'lunar')).toEqual({ days: [2, 8] });
    expect(parseDays('7, 12', 'lunar')).toEqual({ days: [7, 12] });
    expect(parseDays('27、22、17、12、7、2', 'lunar')).toEqual({ days: [2, 7, 12, 17, 22, 27] });
    expect(parseDays('6 7', 'weekly')).toEqual({ days: [6, 7] });
  });

  it('refuses days outside the calendar, repeats and text', () => {
    expect(parseDays('1,31', 'lunar')).toEqual({ reason: '31 is not a day: lunar days run 1–30' });
    expect(parseDays('0,15', 'solar')).toEqual({ reason: '0 is not a day: solar days run 1–31' });
    expect(parseDays('8', 'weekly')).toEqual({ reason: '8 is not a day: weekly days run 1–7' });
    expect(parseDays('2,2', 'lunar')).toMatchObject({ reason: expect.stringMatching(/twice/) });
    expect(parseDays('二、七', 'lunar')).toMatchObject({ reason: expect.stringMatching(/not a list of days/) });
    expect(parseDays('', 'lunar')).toEqual({ reason: 'empty' });
  });
});

describe('a market list’s hours', () => {
  it('reads HH:MM, H:MM, a full-width colon and Excel’s fraction of a day', () => {
    expect(parseTime('06:00')).toBe('06:00');
    expect(parseTime('6:30')).toBe('06:30');
    expect(parseTime('6：30')).toBe('06:30');
    expect(parseTime('07:15:00')).toBe('07:15');
    expect(parseTime('0.25')).toBe('06:00');
    expect(parseTime('0.5')).toBe('12:00');
    expect(parseTime('24:00')).toBeNull();
    expect(parseTime('1')).toBeNull();
    expect(parseTime('早上')).toBeNull();
    expect(parseTime('')).toBeNull();
  });
});
