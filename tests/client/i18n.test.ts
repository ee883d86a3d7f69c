import { describe, expect, it } from 'vitest';
import { en } from '@client/i18n/en';
import { createTranslator } from '@client/i18n/locale';
import { appZh, zh } from '@client/i18n/zh';
import { FEATURE_MESSAGES } from '@client/layers/feature-messages';

describe('i18n', () => {
  it('has the same keys in Chinese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it("gives every key one owner: no feature's word shadows another's or the app's", () => {
    const all = [...Object.keys(appZh), ...FEATURE_MESSAGES.flatMap((m) => Object.keys(m.zh))];
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(zh).length).toBe(all.length);
    for (const m of FEATURE_MESSAGES) expect(Object.keys(m.en).sort()).toEqual(Object.keys(m.zh).sort());
  });

  it('has no empty message and the same placeholders in both languages', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(zh[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });

  it('fills placeholders and groups numbers for the locale', () => {
    expect(createTranslator('zh')('filter.count', { shown: 1234, total: 20000 })).toBe('显示 1,234 起，共 20,000 起');
    expect(createTranslator('en')('filter.count', { shown: 1234, total: 20000 })).toBe('1,234 of 20,000 accidents shown');
  });
});
