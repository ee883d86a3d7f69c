import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '@client/api/http';
import { createTranslator } from '@client/i18n/locale';
import { analyseRefusal, methodShort } from '@client/layers/sight-lines/sight-settings-dialog';
import { changeFromPrevious, checkGap, checkSpeed, type SightRun } from '@client/layers/sight-lines/sight-settings';

const zh = createTranslator('zh');
const en = createTranslator('en');

const run = (id: number, method: 'ssd' | 'isd', deficient: number): SightRun => ({
  id, method, gapSeconds: 7.5, intersections: 7329, deficient, severe: 0, moderate: 0, minor: 0, ms: 3000, runAt: '2026-11-24T05:00:00Z', runBy: null,
});

describe('analysis settings', () => {
  it('accepts a gap time of 1–20 s, a comma as the decimal point, and nothing else', () => {
    expect(checkGap('7.5')).toBe(7.5);
    expect(checkGap(' 6,5 ')).toBe(6.5);
    expect(checkGap('1')).toBe(1);
    expect(checkGap('20')).toBe(20);
    expect(checkGap('0.5')).toBe('range');
    expect(checkGap('21')).toBe('range');
    expect(checkGap('')).toBe('range');
    expect(checkGap('七')).toBe('range');
  });

  it('accepts whole design speeds of 5–140 km/h', () => {
    expect(checkSpeed('40')).toBe(40);
    expect(checkSpeed('5')).toBe(5);
    expect(checkSpeed('140')).toBe(140);
    expect(checkSpeed('45.5')).toBe('range');
    expect(checkSpeed('150')).toBe('range');
    expect(checkSpeed('4')).toBe('range');
    expect(checkSpeed('')).toBe('range');
  });

  it('compares each run with the one before it, newest first', () => {
    const runs = [run(3, 'ssd', 1524), run(2, 'isd', 1888), run(1, 'ssd', 1524)];
    expect(changeFromPrevious(runs, 0)).toBe(-364);
    expect(changeFromPrevious(runs, 1)).toBe(364);
    expect(changeFromPrevious(runs, 2)).toBeNull();
  });

  it('names the method with its gap time for intersection sight distance', () => {
    expect(methodShort({ method: 'ssd', gapSeconds: 7.5 }, zh)).toBe('停车视距');
    expect(methodShort({ method: 'isd', gapSeconds: 6.5 }, zh)).toBe('交叉口视距 6.5 秒');
    expect(methodShort({ method: 'isd', gapSeconds: 7.5 }, en)).toBe('Intersection SD 7.5 s');
  });

  it('says a refused run in the user’s language: the class whose speed is out of range, the gap, the role', () => {
    const badSpeed = new ApiRequestError(400, 'bad_request', 'Invalid parameter "designSpeeds.village": Too big', null, [
      { param: 'designSpeeds', path: 'designSpeeds.village', reason: 'Too big' },
    ]);
    expect(analyseRefusal(badSpeed, zh)).toBe('村道：设计速度须为 5 到 140 之间的整数（km/h）。');
    const badGap = new ApiRequestError(400, 'bad_request', 'x', null, [{ param: 'gapSeconds', reason: 'Too big' }]);
    expect(analyseRefusal(badGap, en)).toBe('The gap must be between 1 and 20 seconds.');
    const forbidden = new ApiRequestError(403, 'forbidden', 'Not allowed for the role officer', null, [{ reason: 'role' }]);
    expect(analyseRefusal(forbidden, zh)).toBe('仅系统管理员可更改方法并重新分析。');
    expect(analyseRefusal(new Error('network down'), zh)).toBe('分析失败：network down');
  });
});
