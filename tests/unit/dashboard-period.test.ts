import { describe, expect, it } from 'vitest';
import { change, per, shownPercent } from '@shared/dashboard/kpi';
import { lastDay, PeriodError, periodBefore, periodOf, sameLastYear } from '@shared/dashboard/period';

const TODAY = '2026-12-03';

describe('the periods a leader reads', () => {
  it('names each kind by `at`, or the one holding today', () => {
    expect(periodOf('month', { at: '2024-12' }, TODAY)).toEqual({ kind: 'month', from: '2024-12-01', to: '2025-01-01' });
    expect(periodOf('month', { at: '2026-11' }, TODAY)).toEqual({ kind: 'month', from: '2026-11-01', to: '2026-12-01' });
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

  it('ends a period still under way today, and compares it with as many days', () => {
    // December 2026, three days in: 1–3 December, against 1–3 December 2025 and 1–3 November.
    const dec = periodOf('month', {}, TODAY);
    expect(dec).toEqual({ kind: 'month', from: '2026-12-01', to: '2026-12-04', partial: true });
    expect(sameLastYear(dec)).toMatchObject({ from: '2025-12-01', to: '2025-12-04' });
    expect(periodBefore(dec)).toMatchObject({ from: '2026-11-01', to: '2026-11-04' });
    // The quarter: 64 days from 1 October, against 64 days from 1 July.
    const q4 = periodOf('quarter', { at: '2026-Q4' }, TODAY);
    expect(q4).toMatchObject({ from: '2026-10-01', to: '2026-12-04', partial: true });
    expect(periodBefore(q4)).toMatchObject({ from: '2026-07-01', to: '2026-09-03' });
    expect(periodOf('year', {}, TODAY)).toMatchObject({ from: '2026-01-01', to: '2026-12-04', partial: true });
    // 31 March under way: the month before holds 29 days, and is whole.
    expect(periodBefore(periodOf('month', {}, '2024-03-31'))).toMatchObject({ from: '2024-02-01', to: '2024-03-01' });
    // Up to 28 February of a leap year: last year's days run to its 28th (the end is 1 March).
    expect(sameLastYear(periodOf('month', {}, '2028-02-28'))).toMatchObject({ from: '2027-02-01', to: '2027-03-01' });
    // A custom span or a year to a day past today ends today too; a period wholly ahead stays as named.
    expect(periodOf('custom', { from: '2026-11-01', to: '2026-12-31' }, TODAY)).toEqual({ kind: 'custom', from: '2026-11-01', to: '2026-12-04' });
    expect(periodOf('ytd', { at: '2026-12-20' }, TODAY)).toMatchObject({ to: '2026-12-04' });
    expect(periodOf('month', { at: '2027-01' }, TODAY)).toEqual({ kind: 'month', from: '2027-01-01', to: '2027-02-01' });
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
    expect([shownPercent(0.125, true), shownPercent(-0.03, true), shownPercent(0, true), shownPercent(0.5714), shownPercent(null, true)]).toEqual(['+12.5%', '-3.0%', '0.0%', '57.1%', '—']);
  });
});
