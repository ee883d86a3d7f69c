import { describe, expect, it } from 'vitest';
import { en } from '@client/i18n/en';
import { createTranslator } from '@client/i18n/locale';
import { zh } from '@client/i18n/zh';

describe('i18n', () => {
  it('has the same keys in Chinese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
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
