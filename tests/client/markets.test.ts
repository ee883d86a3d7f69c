import { describe, expect, it } from 'vitest';
import { createTranslator } from '@client/i18n/locale';
import { marketRisk } from '@client/layers/markets/market-colors';
import { ratioWithInterval } from '@client/layers/markets/market-labels';
import { lunarDateName, lunarDayName, marketDigits, scheduleName } from '@client/layers/markets/market-schedule';

describe('market schedules as people say them', () => {
  it('names lunar days as written: 初一, 初十, 十五, 二十, 廿三, 三十', () => {
    expect([1, 10, 15, 20, 23, 30].map(lunarDayName)).toEqual(['初一', '初十', '十五', '二十', '廿三', '三十']);
    expect(lunarDateName({ month: 1, day: 1, leap: false }, 'zh')).toBe('农历正月初一');
    expect(lunarDateName({ month: 6, day: 1, leap: true }, 'zh')).toBe('农历闰六月初一');
    expect(lunarDateName({ month: 12, day: 8, leap: false }, 'zh')).toBe('农历腊月初八');
    expect(lunarDateName({ month: 6, day: 1, leap: true }, 'en')).toBe('lunar leap 6-1');
  });

  it('calls a five-day lunar market by its digits only when its days are exactly theirs', () => {
    expect(marketDigits([2, 7, 12, 17, 22, 27])).toEqual([2, 7]);
    expect(marketDigits([5, 10, 15, 20, 25, 30])).toEqual([5, 10]);
    expect(marketDigits([1, 11, 21])).toEqual([1]);
    // 逢二、七 missing day 27 is not 逢二、七.
    expect(marketDigits([2, 7, 12, 17, 22])).toBeNull();
    expect(scheduleName('lunar', [27, 2, 7, 12, 17, 22], 'zh')).toBe('逢二、七');
    expect(scheduleName('lunar', [5, 10, 15, 20, 25, 30], 'zh')).toBe('逢五、十');
    expect(scheduleName('lunar', [1, 15], 'zh')).toBe('农历初一、十五');
    expect(scheduleName('lunar', [2, 7, 12, 17, 22, 27], 'en')).toBe('lunar days ending 2 and 7');
    expect(scheduleName('lunar', [1, 15], 'en')).toBe('lunar 1st and 15th');
  });

  it('names Gregorian and weekly markets', () => {
    expect(scheduleName('solar', [20, 5], 'zh')).toBe('每月5、20日');
    expect(scheduleName('solar', [1, 2, 3, 11, 22], 'en')).toBe('1st, 2nd, 3rd, 11th and 22nd of each month');
    expect(scheduleName('weekly', [4, 1], 'zh')).toBe('每周一、四');
    expect(scheduleName('weekly', [7], 'en')).toBe('Sun');
  });
});

describe('market-day risk', () => {
  it('claims a market-day effect only when the interval lies above 1', () => {
    expect(marketRisk({ ratio: 4.7, ci: [2.1, 10.3] })).toBe('high');
    expect(marketRisk({ ratio: 1.6, ci: [1.1, 2.4] })).toBe('raised');
    expect(marketRisk({ ratio: 3, ci: [0.8, 11] })).toBe('unclear');
    expect(marketRisk({ ratio: null, ci: null })).toBe('unclear');
    expect(marketRisk(undefined)).toBe('unclear');
    expect(marketRisk({ ratio: null, ci: [5.65, null] })).toBe('high');
    expect(marketRisk({ ratio: null, ci: [0.4, null] })).toBe('unclear');
  });

  it('says the ratio with its interval in both languages', () => {
    expect(ratioWithInterval({ ratio: 4.74, ci: [2.08, 10.3] }, createTranslator('zh'))).toBe('4.7 倍（95% 区间 2.1–10）');
    expect(ratioWithInterval({ ratio: 0.5, ci: [0.12, 1.9] }, createTranslator('en'))).toBe('0.50× (95% interval 0.12–1.9)');
    // Crashes on market days and none on the others: no upper end.
    expect(ratioWithInterval({ ratio: null, ci: [5.65, null] }, createTranslator('zh'))).toBe('∞（95% 区间 ≥ 5.7，平日同时段无事故）');
    expect(ratioWithInterval({ ratio: null, ci: null }, createTranslator('zh'))).toBe('事故太少，无法比较');
  });
});

describe('the ranking', () => {
  it('lists markets still meeting first, closed and moved ones after, each part in the analysis order', async () => {
    const { stillMeetingFirst } = await import('@client/layers/markets/market-colors');
    const status: Record<number, 'active' | 'regulated' | 'relocated' | 'closed'> = { 1: 'closed', 2: 'active', 3: 'relocated', 4: 'regulated' };
    expect(stillMeetingFirst([1, 2, 3, 4, 5], (id) => status[id])).toEqual([2, 4, 5, 1, 3]);
  });
});
