import * as turf from '@turf/turf';
import { beforeAll, expect, it } from 'vitest';
import { demoLights, generateAccidents, generateBaseWorld, LIGHT_RADIUS } from '@data/generator';
import { toXY } from '@data/generator/geo';
import type { Accident, BaseWorld, Road } from '@data/generator/types';

const COUNT = 20_000;
let world: BaseWorld;
let accidents: Accident[];
let batches: number[];
let roads: Map<number, Road>;

beforeAll(() => {
  world = generateBaseWorld();
  roads = new Map(world.roads.map((r) => [r.id, r]));
  accidents = [];
  batches = [];
  for (const batch of generateAccidents(world, { seed: 20261124, count: COUNT, batchSize: 7_000 })) {
    batches.push(batch.length);
    accidents.push(...batch);
  }
});

const share = (xs: Accident[], f: (a: Accident) => boolean) => xs.filter(f).length / xs.length;

it('yields exactly `count` accidents in batches of batchSize', () => {
  expect(batches).toEqual([7_000, 7_000, 6_000]);
});

it('puts every accident on its road (within 2 m)', () => {
  const lines = new Map<number, ReturnType<typeof turf.lineString>>();
  let worst = 0;
  for (const a of accidents) {
    const road = roads.get(a.roadId);
    expect(road, a.externalId).toBeDefined();
    if (!lines.has(a.roadId)) lines.set(a.roadId, turf.lineString(road!.coordinates));
    const d = turf.pointToLineDistance([a.lon, a.lat], lines.get(a.roadId)!, { units: 'meters', method: 'planar' });
    worst = Math.max(worst, d);
  }
  expect(worst).toBeLessThan(2);
});

it('gives unique 事故编号 in the LC<year>-<7 digits> form, matching the year of the accident', () => {
  expect(new Set(accidents.map((a) => a.externalId)).size).toBe(COUNT);
  for (const a of accidents) expect(a.externalId).toBe(`LC${a.occurredAt.slice(0, 4)}-${a.externalId.slice(7)}`);
  expect(accidents.every((a) => /^LC\d{4}-\d{7}$/.test(a.externalId))).toBe(true);
});

it('spans the five years to 2026-10-31 in China time', () => {
  const times = accidents.map((a) => a.occurredAt).sort();
  expect(times[0] >= '2021-11-01T00:00:00+08:00').toBe(true);
  expect(times[times.length - 1] <= '2026-10-31T23:59:00+08:00').toBe(true);
  expect(accidents.every((a) => a.occurredAt.endsWith('+08:00'))).toBe(true);
});

it('has a police-recorded severity mix: 4–6 % fatal, 35–45 % injury, the rest property only', () => {
  expect(share(accidents, (a) => a.severity === 'fatal')).toBeGreaterThan(0.04);
  expect(share(accidents, (a) => a.severity === 'fatal')).toBeLessThan(0.06);
  expect(share(accidents, (a) => a.severity === 'injury')).toBeGreaterThan(0.35);
  expect(share(accidents, (a) => a.severity === 'injury')).toBeLessThan(0.45);
});

it('counts casualties consistently with severity', () => {
  for (const a of accidents) {
    if (a.severity === 'fatal') expect(a.deaths).toBeGreaterThanOrEqual(1);
    if (a.severity === 'injury') expect([a.deaths, a.injuries >= 1]).toEqual([0, true]);
    if (a.severity === 'pdo') expect([a.deaths, a.injuries]).toEqual([0, 0]);
  }
});

it('is deadlier at night on unlit rural roads than by day', () => {
  const nightRural = accidents.filter((a) => a.light === 'dark_unlit' && !roads.get(a.roadId)!.urban);
  const day = accidents.filter((a) => a.light === 'day');
  expect(nightRural.length).toBeGreaterThan(1000);
  expect(share(nightRural, (a) => a.severity === 'fatal')).toBeGreaterThan(1.8 * share(day, (a) => a.severity === 'fatal'));
});

it('is deadlier on national roads than on urban streets', () => {
  const on = (cls: string) => accidents.filter((a) => roads.get(a.roadId)!.class === cls);
  expect(share(on('national'), (a) => a.severity === 'fatal')).toBeGreaterThan(2 * share(on('urban_street'), (a) => a.severity === 'fatal'));
});

it('marks darkness by the road: dark_lit only on lit roads or under a demo street or solar light, dark_unlit only on unlit ones', () => {
  const lamps = demoLights(world, 20261124).filter((l) => l.type === 'street_light' || l.type === 'solar_light').map((l) => toXY([l.lon, l.lat]));
  const underLamp = (a: Accident) => {
    const [x, y] = toXY([a.lon, a.lat]);
    return lamps.some(([lx, ly]) => Math.hypot(x - lx, y - ly) <= LIGHT_RADIUS);
  };
  for (const a of accidents) {
    if (a.light === 'dark_lit') expect(roads.get(a.roadId)!.lit || underLamp(a)).toBe(true);
    if (a.light === 'dark_unlit') expect(roads.get(a.roadId)!.lit).toBe(false);
  }
});

it('peaks in the evening rush hour and is quiet before dawn', () => {
  const hour = (h: number) => share(accidents, (a) => Number(a.occurredAt.slice(11, 13)) === h);
  expect(hour(18)).toBeGreaterThan(3 * hour(3));
  expect(hour(8)).toBeGreaterThan(2 * hour(3));
});

it('has trucks on national roads and tractors on rural roads more than in town', () => {
  const involving = (v: string, f: (r: Road) => boolean) =>
    share(accidents.filter((a) => f(roads.get(a.roadId)!)), (a) => a.vehicleTypes.includes(v as never));
  expect(involving('truck', (r) => r.class === 'national')).toBeGreaterThan(2 * involving('truck', (r) => r.urban));
  expect(involving('tractor', (r) => ['county', 'township', 'village'].includes(r.class))).toBeGreaterThan(0.02);
  expect(involving('tractor', (r) => r.urban)).toBe(0);
});

it('clusters: over a hundred ~100 m cells hold five or more accidents', () => {
  const cells = new Map<string, number>();
  for (const a of accidents) {
    const k = `${Math.round(a.lon / 0.0011)},${Math.round(a.lat / 0.0009)}`;
    cells.set(k, (cells.get(k) ?? 0) + 1);
  }
  expect([...cells.values()].filter((n) => n >= 5).length).toBeGreaterThan(100);
});
