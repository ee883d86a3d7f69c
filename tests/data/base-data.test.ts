import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateBaseWorld } from '@data/generator';
import type { BaseWorld } from '@data/generator/types';

let world: BaseWorld;
beforeAll(() => {
  world = generateBaseWorld();
});

describe('counties', () => {
  it('are the 8 county-level units, each with its 2023 population in persons', () => {
    expect(world.counties.map((c) => c.code).sort()).toEqual(
      ['371502', '371503', '371521', '371522', '371524', '371525', '371526', '371581'],
    );
    const total = world.counties.reduce((s, c) => s + c.population2023, 0);
    expect(total).toBeGreaterThan(5_850_000); // 585.93 万 in the 2023 bulletin
    expect(total).toBeLessThan(5_870_000);
    expect(world.counties.find((c) => c.code === '371502')!.population2023).toBe(1_480_000);
  });

  it('are converted from GCJ-02: 东昌府区 centroid moves about 510 m west of the raw file', () => {
    const raw = JSON.parse(readFileSync(new URL('../../data/base/counties-371500-gcj02.geojson', import.meta.url), 'utf8'));
    const rawFeature = raw.features.find((f: { properties: { adcode: number } }) => f.properties.adcode === 371502);
    const converted = world.counties.find((c) => c.code === '371502')!;
    const before = turf.centroid(rawFeature).geometry.coordinates;
    const after = turf.centroid(turf.feature(converted.geometry)).geometry.coordinates;
    const shift = turf.distance(before, after, { units: 'meters' });
    expect(shift).toBeGreaterThan(460);
    expect(shift).toBeLessThan(560);
    expect(after[0]).toBeLessThan(before[0]);
  });

  it('each has a seat inside it', () => {
    for (const c of world.counties) expect(turf.booleanPointInPolygon(c.seat, c.geometry), c.name).toBe(true);
  });
});

describe('townships', () => {
  it('are all 136, each with a point inside its own county', () => {
    expect(world.townships).toHaveLength(136);
    for (const t of world.townships) {
      const county = world.counties.find((c) => c.code === t.countyCode)!;
      expect(t.point, t.name).not.toBeNull();
      expect(turf.booleanPointInPolygon(t.point!, county.geometry), t.name).toBe(true);
    }
  });

  it('mark the repaired points: 寿张镇 and 固河镇 moved, 香江 placed, the rest as in the source', () => {
    const repaired = Object.fromEntries(world.townships.filter((t) => t.pointSource !== 'station').map((t) => [t.name, t.pointSource]));
    expect(repaired).toEqual({ 寿张镇: 'moved', 固河镇: 'moved', 香江光彩大市场服务中心: 'placed' });
  });

  it('no longer share coordinates', () => {
    const keys = world.townships.map((t) => t.point!.join(','));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
