import { describe, expect, it } from 'vitest';
import { createTranslator } from '@client/i18n/locale';
import { conditionWords } from '@client/layers/hotspots/rule-words';
import segmentRules from '@api/hotspots/segment-rules.json';

describe('a segment rule in words', () => {
  const zh = createTranslator('zh');
  const en = createTranslator('en');

  it('reads the built-in rules in Chinese, with no metric names or >= left', () => {
    const words = segmentRules.default.map((r) => conditionWords(r.condition, zh));
    expect(words).toEqual(['死亡事故 ≥ 3 起', '事故 ≥ 5 起', '死亡事故 ≥ 3 起，或受伤事故 ≥ 10 起']);
    for (const w of words) expect(w).not.toMatch(/[a-z]|>=/);
  });

  it('reads and, or and > in both languages', () => {
    expect(conditionWords('deaths > 2 and night >= 4 or epdo >= 50', zh)).toBe('死亡 > 2 人且夜间事故 ≥ 4 起，或EPDO ≥ 50');
    expect(conditionWords('fatal >= 3 or injury >= 10', en)).toBe('fatal crashes ≥ 3, or injury crashes ≥ 10');
  });

  it('gives a condition it cannot read as written', () => {
    expect(conditionWords('speed >= 3', zh)).toBe('speed >= 3');
    expect(conditionWords('fatal = 3', zh)).toBe('fatal = 3');
  });
});
