import { describe, expect, it } from 'vitest';
import { change, per } from '@shared/dashboard/kpi';
import { lastDay, PeriodError, periodBefore, periodOf, sameLastYear } from '@shared/dashboard/period';

const TODAY = '2026-12-03';

describe('the periods a leader reads', () => {
  it('names each kind by `at`, or the one holding today', () => {
    expect(periodOf('month', { at: '2024-12' }, TODAY)).toEqual({ kind: 'month', from: '2024-12-01', to: '2025-01-01' });
    expect(periodOf('month', {}, TODAY)).toEqual({ kind: 'month', from: '2026-12-01', to: '2027-01-01' });
    expect(periodOf('quarter', { at: '2024-q4' }, TODAY)).toEqual({ kind: 'quarter', from: '2024-10-01', to: '2025-01-01' });
    expect(periodOf('quarter', {}, TODAY)).toMatchObject({ from: '2026-10-01' });
    expect(periodOf('year', { at: '2024' }, TODAY)).toEqual({ kind: 'year', from: '2024-01-01', to: '2025-01-01' });
    expect(periodOf('ytd', {}, TODAY)).toEqual({ kind: 'ytd', from: '2026-01-01', to: '2026-12-04' });
    expect(lastDay(periodOf('custom', { from: '2024-02-01', to: '2024-02-29' }, TODAY))).toBe('2024-02-29');
  });

  it('goes back a year (a leap day to the 28th) and one period', () => {
    expect(sameLastYear(periodOf('month', { at: '2024-03' }, TODAY))).toMatchObject({ from: '2023-03-01', to: '2023-04-01' });
    expect(sameLastYear(periodOf('custom', { from: '2024-02-29', to: '2024-02-29' }, TODAY))).toMatchObject({ from: '2023-02-28', to: '2023-03-01' });
    expect(periodBefore(periodOf('month', { at: '2025-01' }, TODAY))).toMatchObject({ from: '2024-12-01', to: '2025-01-01' });
    expect(periodBefore(periodOf('quarter', { at: '2025-Q1' }, TODAY))).toMatchObject({ from: '2024-10-01', to: '2025-01-01' });
    expect(periodBefore(periodOf('ytd', { at: '2025-01-10' }, TODAY))).toMatchObject({ from: '2024-12-22', to: '2025-01-01' });
  });

  it('refuses what is not a period, naming the parameter', () => {
    const param = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof PeriodError ? e.param : 'other';
      }
      return 'none';
    };
    expect(param(() => periodOf('month', { at: '2024-00' }, TODAY))).toBe('at');
    expect(param(() => periodOf('year', { at: '0' }, TODAY))).toBe('at');
    expect(param(() => periodOf('year', { at: '1999' }, TODAY))).toBe('at');
    expect(param(() => periodOf('ytd', { at: '2023-02-29' }, TODAY))).toBe('at');
    expect(param(() => periodOf('custom', { from: '2024-01-02', to: '2024-01-01' }, TODAY))).toBe('to');
    expect(param(() => periodOf('custom', { to: '2024-01-01' }, TODAY))).toBe('from');
  });

  it('gives a change only against something, and a rate only with a population', () => {
    expect(change(3, 1)).toBe(2);
    expect(change(0, 4)).toBe(-1);
    expect(change(5, 0)).toBeNull();
    expect(per(2, 340_000, 10_000)).toBeCloseTo(0.0588235, 6);
    expect(per(2, null, 10_000)).toBeNull();
  });
});
