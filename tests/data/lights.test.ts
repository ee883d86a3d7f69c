import * as turf from '@turf/turf';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoLights, generateAccidents, generateBaseWorld, LIGHT_EFFECT, LIGHT_RADIUS, type DemoLight } from '@data/generator';
import { toXY } from '@data/generator/geo';
import type { Accident, BaseWorld } from '@data/generator/types';
import { dayNumber } from '@shared/calendar/day-number';

const SEED = 20261124;
const worlds = new Map<number, { world: BaseWorld; lights: DemoLight[] }>();

beforeAll(() => {
  for (const seed of [SEED, 7]) {
    const world = generateBaseWorld(seed);
    worlds.set(seed, { world, lights: demoLights(world, seed) });
  }
});

const countyName = (world: BaseWorld, code: string) => world.counties.find((c) => c.code === code)!.name;
/** The lights of one stretch or junction share programme, day and name (but for the number). */
const siteOf = (l: DemoLight) => `${l.programme}|${l.installedOn}|${l.name.replace(/ \d+号$/, '')}`;

describe('demo lights', () => {
  it('are the same for the same seed, on either copy of the world, and others for another seed', () => {
    const { world, lights } = worlds.get(7)!;
    expect(demoLights(generateBaseWorld(7), 7)).toEqual(lights);
    expect(demoLights(world, 8)).not.toEqual(lights);
  });

  it.each([SEED, 7])('put 23 lights of 第一盏灯 in 东阿, 30 flashing beacons of 千路万盏 in 阳谷 and a handful elsewhere (seed %i)', (seed) => {
    const { world, lights } = worlds.get(seed)!;
    const of = (p: DemoLight['programme']) => lights.filter((l) => l.programme === p);
    expect(of('first_light')).toHaveLength(23);
    expect(new Set(of('first_light').map((l) => countyName(world, l.countyCode)))).toEqual(new Set(['东阿县']));
    expect(of('first_light').every((l) => l.type === 'street_light' || l.type === 'solar_light')).toBe(true);
    expect(of('qianlu_wanzhan')).toHaveLength(30);
    expect(of('qianlu_wanzhan').every((l) => countyName(world, l.countyCode) === '阳谷县' && l.type === 'flashing_beacon')).toBe(true);
    expect(new Set(of('other').map(siteOf)).size).toBe(5);
    expect(of('other').every((l) => !['东阿县', '阳谷县'].includes(countyName(world, l.countyCode)))).toBe(true);
    expect(lights.length).toBeLessThanOrEqual(120);
  });

  it('stand inside their county, on an unlit road (beacons where a county road meets another)', () => {
    for (const { world, lights } of worlds.values()) {
      const boxes = world.roads.map((r) => turf.bbox(turf.lineString(r.coordinates)));
      for (const l of lights) {
        const county = world.counties.find((c) => c.code === l.countyCode)!;
        expect(turf.booleanPointInPolygon([l.lon, l.lat], county.geometry), l.key).toBe(true);
        const on = world.roads.filter((r, i) => {
          const [w, s, e, n] = boxes[i];
          if (l.lon < w - 0.001 || l.lon > e + 0.001 || l.lat < s - 0.001 || l.lat > n + 0.001) return false;
          return turf.pointToLineDistance([l.lon, l.lat], turf.lineString(r.coordinates), { units: 'meters', method: 'planar' }) < 2;
        });
        expect(on.length, l.key).toBeGreaterThan(0);
        expect(on.every((r) => !r.lit && !r.urban), l.key).toBe(true);
        if (l.type === 'flashing_beacon') {
          expect(on.some((r) => r.class === 'county'), l.key).toBe(true);
          expect(new Set(on.map((r) => r.id)).size, l.key).toBeGreaterThan(1);
        }
      }
    }
  });

  it('went up in 2023–2024; a few failed and one or two were taken down later, within the window', () => {
    for (const { lights } of worlds.values()) {
      for (const l of lights) {
        expect(l.installedOn >= '2023-01-01' && l.installedOn <= '2024-12-31', l.key).toBe(true);
        expect(l.status === 'working').toBe(l.statusOn === null);
        if (l.statusOn) expect(l.statusOn > l.installedOn && l.statusOn <= '2026-10-31', l.key).toBe(true);
      }
      expect(lights.filter((l) => l.status === 'removed').length).toBeGreaterThanOrEqual(1);
      expect(lights.filter((l) => l.status === 'removed').length).toBeLessThanOrEqual(2);
      expect(lights.filter((l) => l.status === 'faulty').length).toBeGreaterThanOrEqual(1);
      expect(lights.filter((l) => l.status === 'faulty').length).toBeLessThan(lights.length * 0.15);
    }
  });

  it('leave about a quarter of the sites placebo, every light of a site alike', () => {
    for (const { lights } of worlds.values()) {
      const sites = new Map<string, boolean[]>();
      for (const l of lights) {
        expect(l.effect).toBe(l.placebo ? 1 : LIGHT_EFFECT);
        sites.set(siteOf(l), [...(sites.get(siteOf(l)) ?? []), l.placebo]);
      }
      expect([...sites.values()].every((p) => p.every((x) => x === p[0]))).toBe(true);
      const share = [...sites.values()].filter((p) => p[0]).length / sites.size;
      expect(share).toBeGreaterThan(0.2);
      expect(share).toBeLessThan(0.32);
    }
  });

  it('have stable keys per county, a unit of their county and a cost that fits the type', () => {
    const range = { street_light: [6500, 13000], solar_light: [2800, 6000], flashing_beacon: [800, 2600], illuminated_sign: [3500, 9000], other: [1500, 5000] };
    for (const { world, lights } of worlds.values()) {
      expect(new Set(lights.map((l) => l.key)).size).toBe(lights.length);
      for (const l of lights) {
        expect(l.key).toMatch(new RegExp(`^DL-${l.countyCode}-\\d{3}$`));
        const county = countyName(world, l.countyCode);
        const towns = world.townships.filter((t) => t.countyCode === l.countyCode).map((t) => t.name);
        expect(l.installedBy.includes(county) || towns.some((t) => l.installedBy.startsWith(t)), l.installedBy).toBe(true);
        if (l.cost !== null) expect(l.cost >= range[l.type][0] && l.cost <= range[l.type][1], `${l.key} ${l.cost}`).toBe(true);
      }
    }
  });
});

describe('crashes near the lights (200 000 accidents)', () => {
  const COUNT = 200_000;
  const tally = { total: 0, changed: 0, sameSlot: 0, strayChanges: 0, litUnderLight: 0, litWithoutLamp: 0 };
  // Per light: night (dark, lit or not) and day crashes nearest it within reach, before it went up
  // and while it worked: [night before, day before, night after, day after].
  const tables = new Map<DemoLight, number[]>();
  // Night crashes at treated lights while they worked, with the lights and without.
  const nightUnderTreated = { with: 0, without: 0 };

  beforeAll(() => {
    const { world, lights } = worlds.get(SEED)!;
    const lamps = lights.map((l) => ({
      l, xy: toXY([l.lon, l.lat]), from: dayNumber(l.installedOn), to: l.status === 'working' ? Infinity : dayNumber(l.statusOn!),
    }));
    const near = (a: Accident, working: boolean) => {
      if (a.light === 'dusk') return null;
      const [x, y] = toXY([a.lon, a.lat]);
      const day = dayNumber(a.occurredAt.slice(0, 10));
      let best: (typeof lamps)[number] | null = null;
      let bestD = LIGHT_RADIUS;
      for (const p of lamps) {
        const d = Math.hypot(p.xy[0] - x, p.xy[1] - y);
        if (d <= bestD && (!working || (day >= p.from && day < p.to))) [best, bestD] = [p, d];
      }
      return best;
    };
    const unlitRoad = new Set(world.roads.filter((r) => !r.lit).map((r) => r.id));
    const withLights = generateAccidents(world, { seed: SEED, count: COUNT });
    const without = generateAccidents(world, { seed: SEED, count: COUNT, lights: false });
    for (const batch of withLights) {
      const plain = without.next().value as Accident[];
      batch.forEach((a, i) => {
        const b = plain[i];
        tally.total++;
        if (a.externalId === b.externalId && a.occurredAt === b.occurredAt) tally.sameSlot++;
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          tally.changed++;
          if (b.light !== 'dark_unlit' || !near(b, true)) tally.strayChanges++;
        }
        if (a.light === 'dark_lit' && unlitRoad.has(a.roadId)) {
          const p = near(a, true);
          if (p && (p.l.type === 'street_light' || p.l.type === 'solar_light')) tally.litUnderLight++;
          else tally.litWithoutLamp++;
        }
        for (const [x, key] of [[a, 'with'], [b, 'without']] as const) {
          const p = x.light === 'day' ? null : near(x, true);
          if (p && !p.l.placebo) nightUnderTreated[key]++;
        }
        const p = near(a, false);
        if (!p) return;
        const day = dayNumber(a.occurredAt.slice(0, 10));
        const period = day < p.from ? 0 : day < p.to ? 1 : null;
        if (period === null) return;
        if (!tables.has(p.l)) tables.set(p.l, [0, 0, 0, 0]);
        tables.get(p.l)![period * 2 + (a.light === 'day' ? 1 : 0)]++;
      });
    }
    expect(without.next().done).toBe(true);
  });

  /**
   * Night/day after ÷ night/day before, pooled over the lights (Mantel–Haenszel, each light a
   * stratum, so lights with a long 'after' do not tip it), with the night crashes it rests on.
   */
  const pooled = (placebo: boolean) => {
    let num = 0, den = 0, before = 0, after = 0;
    for (const [l, [nb, db, na, da]] of tables) {
      const n = nb + db + na + da;
      if (l.placebo !== placebo || n === 0) continue;
      num += (na * db) / n;
      den += (da * nb) / n;
      before += nb;
      after += na;
    }
    return { ratio: num / den, before, after };
  };

  it('leaves every crash where no light works as it was: same 事故编号, time, place and outcome', () => {
    expect(tally.total).toBe(COUNT);
    expect(tally.sameSlot).toBe(COUNT);
    expect(tally.strayChanges).toBe(0);
    expect(tally.changed).toBeGreaterThan(50); // and the lights do change some
    expect(tally.changed).toBeLessThan(COUNT * 0.01);
  });

  it('lights the crashes kept under street and solar lights, and no others', () => {
    expect(tally.litUnderLight).toBeGreaterThan(50);
    expect(tally.litWithoutLamp).toBe(0);
  });

  it('averts about 1 − LIGHT_EFFECT of the night crashes under treated lights', () => {
    expect(nightUnderTreated.without).toBeGreaterThan(200);
    expect(nightUnderTreated.with / nightUnderTreated.without).toBeGreaterThan(LIGHT_EFFECT - 0.1);
    expect(nightUnderTreated.with / nightUnderTreated.without).toBeLessThan(LIGHT_EFFECT + 0.1);
  });

  it('cuts night crashes at treated sites to about LIGHT_EFFECT of before, against day crashes', () => {
    const treated = pooled(false);
    expect(Math.min(treated.before, treated.after)).toBeGreaterThan(150);
    expect(treated.ratio).toBeGreaterThan(0.4);
    expect(treated.ratio).toBeLessThan(0.8);
  });

  it('leaves night crashes at placebo sites as they were', () => {
    const placebo = pooled(true);
    expect(Math.min(placebo.before, placebo.after)).toBeGreaterThan(50);
    expect(placebo.ratio).toBeGreaterThan(0.8);
    expect(placebo.ratio).toBeLessThan(1.25);
  });

  it('generates the same accidents, lights and all, for the same seed', () => {
    const hash = () => {
      const h = createHash('sha256');
      for (const batch of generateAccidents(worlds.get(7)!.world, { seed: 7, count: 3_000 })) h.update(JSON.stringify(batch));
      return h.digest('hex');
    };
    expect(hash()).toBe(hash());
  });
});
