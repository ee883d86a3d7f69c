import { expect, it } from 'vitest';
import { dayNumber, lunarDays, springFestivalDay } from '@data/generator/lunar';

it('finds Spring Festival 2021–2027', () => {
  const dates = [2021, 2022, 2023, 2024, 2025, 2026, 2027].map((y) =>
    new Date(springFestivalDay(y) * 86_400_000).toISOString().slice(0, 10));
  expect(dates).toEqual(['2021-02-12', '2022-02-01', '2023-01-22', '2024-02-10', '2025-01-29', '2026-02-17', '2027-02-06']);
});

it('gives lunar days: 中秋 2024-09-17 is the 15th, 端午 2025-05-31 the 5th', () => {
  const from = dayNumber('2024-01-01');
  const days = lunarDays(from, dayNumber('2025-12-31'));
  expect(days[dayNumber('2024-09-17') - from]).toBe(15);
  expect(days[dayNumber('2025-05-31') - from]).toBe(5);
});
