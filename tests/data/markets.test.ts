import { beforeAll, describe, expect, it } from 'vitest';
import { generateAccidents, generateBaseWorld, marketTowns } from '@data/generator';
import { MARKET_REACH } from '@data/generator/accident-sites';
import { toXY } from '@data/generator/geo';
import { lunarDaysOf, type MarketTown } from '@data/generator/markets';
import type { Accident, BaseWorld } from '@data/generator/types';
import { lunarDays } from '@shared/calendar/china-calendar';
import { dayNumber } from '@shared/calendar/day-number';

let world: BaseWorld;
let towns: MarketTown[];

beforeAll(() => {
  world = generateBaseWorld();
  towns = marketTowns(world, 20261124);
});

describe('market towns', () => {
  it('spell out reported days: 逢三、八 is 3, 8, 13, 18, 23, 28 and 逢五、十 ends on 30', () => {
    expect(lunarDaysOf([3, 8])).toEqual([3, 8, 13, 18, 23, 28]);
    expect(lunarDaysOf([5, 10])).toEqual([5, 10, 15, 20, 25, 30]);
  });

  it('take name and days from the reported list where the township matches, and make up the rest', () => {
    const jiazhai = towns.find((t) => t.townshipCode === '371503109')!;
    expect(jiazhai).toMatchObject({ name: '贾寨集', lunarDays: [4, 9, 14, 19, 24, 29], registered: true });
    expect(jiazhai.reported).toMatch(/四、九/);
    expect(towns.find((t) => t.townshipCode === '371522117')).toMatchObject({ name: '大王寨集', lunarDays: [5, 10, 15, 20, 25, 30] });
    expect(towns.filter((t) => t.reported)).toHaveLength(2);
    for (const t of towns.filter((x) => !x.reported)) {
      expect(t.name).toMatch(/集$/);
      expect(t.lunarDays).toHaveLength(6);
      expect(t.lunarDays[1] - t.lunarDays[0]).toBe(5);
    }
  });

  it('leave a quarter unregistered, never a reported one, the same every time', () => {
    const unregistered = towns.filter((t) => !t.registered);
    expect(unregistered).toHaveLength(Math.round(towns.length / 4));
    expect(unregistered.every((t) => !t.reported && t.status === 'active')).toBe(true);
    expect(marketTowns(world, 20261124)).toEqual(towns);
    expect(marketTowns(world, 7).filter((t) => !t.registered).map((t) => t.townshipCode)).not.toEqual(unregistered.map((t) => t.townshipCode));
  });

  it('give hours, and dates inside the accident window to every change of status', () => {
    for (const t of towns) {
      expect(t.hours.from).toBeGreaterThanOrEqual(5.5 * 60);
      expect(t.hours.to).toBeLessThanOrEqual(13 * 60);
      expect(t.status === 'active').toBe(t.statusOn === null);
      expect(t.status === 'relocated').toBe(t.relocation !== null);
      if (t.statusOn) expect(t.statusOn >= '2021-11-01' && t.statusOn <= '2026-07-03').toBe(true);
    }
    const statuses = new Set(towns.filter((t) => t.registered).map((t) => t.status));
    expect([...statuses].sort()).toEqual(['active', 'closed', 'regulated', 'relocated']);
  });
});

describe('market crashes', () => {
  let accidents: Accident[];
  const first = dayNumber('2021-11-01');
  let lunar: Uint8Array;

  beforeAll(() => {
    accidents = [];
    for (const batch of generateAccidents(world, { seed: 20261124, count: 20_000 })) accidents.push(...batch);
    lunar = lunarDays(first, dayNumber('2026-10-31'));
  });

  /** Crashes within MARKET_REACH of the towns, per day, in and out of market hours, on market days and others. */
  function rates(select: (t: MarketTown) => boolean, when: (t: MarketTown, day: number) => boolean) {
    const c = { marketIn: 0, marketOut: 0, otherIn: 0, otherOut: 0, marketDays: 0, otherDays: 0 };
    for (const t of towns.filter(select)) {
      const [x, y] = toXY(t.point);
      for (let d = first; d <= dayNumber('2026-10-31'); d++) {
        if (!when(t, d)) continue;
        if (t.lunarDays.includes(lunar[d - first])) c.marketDays++;
        else c.otherDays++;
      }
      for (const a of accidents) {
        const [ax, ay] = toXY([a.lon, a.lat]);
        if (Math.hypot(ax - x, ay - y) > MARKET_REACH) continue;
        const day = dayNumber(a.occurredAt.slice(0, 10));
        if (!when(t, day)) continue;
        const minute = Number(a.occurredAt.slice(11, 13)) * 60 + Number(a.occurredAt.slice(14, 16));
        const inHours = minute >= t.hours.from && minute < t.hours.to;
        const market = t.lunarDays.includes(lunar[day - first]);
        c[`${market ? 'market' : 'other'}${inHours ? 'In' : 'Out'}`]++;
      }
    }
    return { ...c, ratioIn: c.marketIn / c.marketDays / (c.otherIn / c.otherDays), ratioOut: c.marketOut / c.marketDays / (c.otherOut / c.otherDays) };
  }

  it('rise on market days, mostly within market hours', () => {
    const meets = (t: MarketTown, day: number) => t.status === 'active' || t.status === 'regulated' || day < dayNumber(t.statusOn!);
    const r = rates(() => true, meets);
    // Per day, market days against other days: far higher within the hours (15 % of a market's crashes fall outside them).
    expect(r.ratioIn).toBeGreaterThan(10);
    expect(r.ratioOut).toBeLessThan(3);
    expect(r.marketIn).toBeGreaterThan(4 * r.marketOut);
  });

  it('stop where a market closed or moved', () => {
    const ended = (t: MarketTown) => t.status === 'closed' || t.status === 'relocated';
    const after = rates(ended, (t, day) => day >= dayNumber(t.statusOn!));
    expect(after.marketDays).toBeGreaterThan(100);
    // No more than the background: per day, market days no busier than twice the other days.
    expect((after.marketIn + after.marketOut) / after.marketDays).toBeLessThan((2 * (after.otherIn + after.otherOut)) / after.otherDays);
  });
});
