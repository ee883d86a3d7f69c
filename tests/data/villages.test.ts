import * as turf from '@turf/turf';
import { beforeAll, expect, it } from 'vitest';
import { generateBaseWorld } from '@data/generator';
import type { BaseWorld } from '@data/generator/types';

let world: BaseWorld;
beforeAll(() => {
  world = generateBaseWorld();
});

it('keeps all 2 408 committees with their real codes and names', () => {
  expect(world.villages).toHaveLength(2408);
  expect(new Set(world.villages.map((v) => v.code)).size).toBe(2408);
  expect(world.villages.filter((v) => v.kind === 'community').length).toBeGreaterThan(250);
  expect(world.villages.every((v) => v.code.startsWith(v.townshipCode))).toBe(true);
});

it('places every village inside its own county', () => {
  for (const v of world.villages) {
    const county = world.counties.find((c) => c.code === v.countyCode)!;
    expect(turf.booleanPointInPolygon(v.point, county.geometry), v.name).toBe(true);
  }
});

it("places every village in its township's Voronoi cell (nearest township point of the county)", () => {
  for (const v of world.villages) {
    const own = world.townships.filter((t) => t.countyCode === v.countyCode);
    const nearest = own.reduce((best, t) =>
      turf.distance(v.point, t.point!) < turf.distance(v.point, best.point!) ? t : best);
    expect(nearest.code, v.name).toBe(v.townshipCode);
  }
});

it('keeps villages at least 250 m apart', () => {
  const pts = world.villages.map((v) => v.point);
  const cell = 0.01;
  const grid = new Map<string, number[]>();
  pts.forEach(([x, y], i) => {
    const k = `${Math.floor(x / cell)},${Math.floor(y / cell)}`;
    grid.set(k, [...(grid.get(k) ?? []), i]);
  });
  let min = Infinity;
  pts.forEach(([x, y], i) => {
    for (let a = -1; a <= 1; a++)
      for (let b = -1; b <= 1; b++)
        for (const j of grid.get(`${Math.floor(x / cell) + a},${Math.floor(y / cell) + b}`) ?? [])
          if (j > i) min = Math.min(min, turf.distance(pts[i], pts[j], { units: 'meters' }));
  });
  expect(min).toBeGreaterThan(250);
});

it('puts communities nearer their township point than villages', () => {
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const distanceToTown = (kind: string) =>
    median(world.villages.filter((v) => v.kind === kind).map((v) =>
      turf.distance(v.point, world.townships.find((t) => t.code === v.townshipCode)!.point!, { units: 'meters' })));
  expect(distanceToTown('community')).toBeLessThan(distanceToTown('village') * 0.6);
});
