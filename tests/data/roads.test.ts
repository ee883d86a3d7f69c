import * as turf from '@turf/turf';
import { beforeAll, expect, it } from 'vitest';
import { generateBaseWorld } from '@data/generator';
import type { BaseWorld, RoadClass } from '@data/generator/types';

let world: BaseWorld;
beforeAll(() => {
  world = generateBaseWorld();
});

const SPEEDS: Record<RoadClass, number[]> = {
  expressway: [120], national: [80], provincial: [80, 60], county: [60], township: [40], village: [30],
  urban_arterial: [60, 50], urban_street: [40, 30],
};

it('has every road class, each with its design speeds', () => {
  for (const cls of Object.keys(SPEEDS) as RoadClass[]) {
    const roads = world.roads.filter((r) => r.class === cls);
    expect(roads.length, cls).toBeGreaterThan(0);
    for (const r of roads) expect(SPEEDS[cls], `${cls} ${r.name}`).toContain(r.designSpeed);
  }
});

it('keeps every road vertex inside Liaocheng (within 5 m of its boundary at most)', () => {
  const boundaries = world.counties.map((c) => turf.polygonToLine(turf.feature(c.geometry)));
  let outside = 0;
  let last = world.counties[0]; // consecutive vertices are mostly in the same county: try it first
  for (const r of world.roads)
    for (const p of r.coordinates) {
      if (turf.booleanPointInPolygon(p, last.geometry)) continue;
      const county = world.counties.find((c) => turf.booleanPointInPolygon(p, c.geometry));
      if (county) {
        last = county;
        continue;
      }
      const d = Math.min(...boundaries.flatMap((b) =>
        (b.type === 'FeatureCollection' ? b.features : [b]).map((l) => turf.pointToLineDistance(p, l as never, { units: 'meters' }))));
      if (d > 5) outside++;
    }
  expect(outside).toBe(0);
});

it('is a county map, not a sketch or a mesh: thousands of roads, under 400 000 vertices', () => {
  const vertices = world.roads.reduce((s, r) => s + r.coordinates.length, 0);
  expect(world.roads.length).toBeGreaterThan(3000);
  expect(vertices).toBeLessThan(400_000);
});

it('numbers roads 1..n and labels only the Natural Earth lines as real', () => {
  expect(world.roads.map((r) => r.id)).toEqual(world.roads.map((_, i) => i + 1));
  const real = world.roads.filter((r) => !r.synthetic);
  expect(real.length).toBeGreaterThan(0);
  expect(real.every((r) => r.class === 'expressway' || r.class === 'national')).toBe(true);
});

it('lights town streets and leaves most rural road length dark', () => {
  const km = (rs: typeof world.roads) => rs.reduce((s, r) => s + turf.length(turf.lineString(r.coordinates)), 0);
  const urban = world.roads.filter((r) => r.urban);
  const rural = world.roads.filter((r) => !r.urban);
  expect(km(urban.filter((r) => r.lit)) / km(urban)).toBeGreaterThan(0.8);
  expect(km(rural.filter((r) => r.lit)) / km(rural)).toBeLessThan(0.25);
});
