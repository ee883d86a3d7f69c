import { describe, expect, it } from 'vitest';
import { planObstacles, type ObstacleJunction, type ObstacleLeg, type PlannedObstacle } from '@data/generator/obstacles';
import { Rng } from '@data/generator/random';

type Xy = [number, number];

/**
 * A test network: junctions 1 km apart (so none reaches another's), of every setting the planner
 * tells apart, with jittered bearings; market towns at a few of them.
 */
function network(count: number): { junctions: ObstacleJunction[]; markets: Xy[] } {
  const rng = new Rng(1, 'obstacle-test');
  const kinds: ObstacleLeg[][] = [
    [leg('village', '张庄大街'), leg('village', '张庄大街'), leg('village', '李村路')],
    [leg('village', '王屯大街'), leg('township', '乡道Y012'), leg('township', '乡道Y012'), leg('village', '赵村路')],
    [leg('village', '刘村路'), leg('county', '县道X003'), leg('county', '县道X003')],
    [leg('county', '县道X003'), leg('county', '县道X003'), leg('national', 'G105京澳线'), leg('national', 'G105京澳线')],
    [leg('township', '乡道Y007'), leg('township', '乡道Y007'), leg('village', '孙村路'), leg('village', '周村路'), leg('village', '吴村路')],
    [leg('urban_arterial', '东昌东路', 'urban'), leg('urban_arterial', '东昌东路', 'urban'), leg('urban_street', '柳园街', 'urban'), leg('urban_street', '柳园街', 'urban')],
  ];
  const junctions: ObstacleJunction[] = [];
  for (let i = 0; i < count; i++) {
    const legs = kinds[i % kinds.length];
    const start = rng.uniform(0, 360);
    // Legs spread round the compass with jitter (a T, a skewed cross, five roads …), at least 40° apart.
    const step = 360 / legs.length;
    const bearings = legs.map((_, k) => (start + k * step + rng.uniform(-step / 2 + 20, step / 2 - 20) + 360) % 360);
    junctions.push({ id: i + 1, x: 500_000 + (i % 40) * 1000, y: 4_000_000 + Math.floor(i / 40) * 1000, legs: legs.map((l, k) => ({ ...l, bearing: Math.round(bearings[k] * 100) / 100 })) });
  }
  // A market town 100 m from every 25th junction.
  const markets = junctions.filter((j) => j.id % 25 === 3).map((j): Xy => [j.x + 100, j.y]);
  return { junctions, markets };
}

function leg(roadClass: string, roadName: string, standard: 'highway' | 'urban' = 'highway'): ObstacleLeg {
  return { bearing: 0, roadClass, roadName, standard };
}

const { junctions, markets } = network(1200);
const options = { seed: 20261124, lastDay: '2026-10-31', marketTowns: markets };
const plans = planObstacles(junctions, options);
const byId = new Map(junctions.map((j) => [j.id, j]));

// Plane geometry for the checks, written out here rather than borrowed from the planner.
const sub = (a: Xy, b: Xy): Xy => [a[0] - b[0], a[1] - b[1]];
const crossZ = (a: Xy, b: Xy) => a[0] * b[1] - a[1] * b[0];
function pointToSegment(p: Xy, a: Xy, b: Xy): number {
  const ab = sub(b, a);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) / (ab[0] ** 2 + ab[1] ** 2)));
  return Math.hypot(p[0] - a[0] - t * ab[0], p[1] - a[1] - t * ab[1]);
}
function segmentsCross(a: Xy, b: Xy, c: Xy, d: Xy): boolean {
  const s = (p: Xy, q: Xy, r: Xy) => Math.sign(crossZ(sub(q, p), sub(r, p)));
  return s(a, b, c) * s(a, b, d) < 0 && s(c, d, a) * s(c, d, b) < 0;
}
function inside(p: Xy, ring: Xy[]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++)
    if (ring[i][1] > p[1] !== ring[j][1] > p[1] && p[0] < ((ring[j][0] - ring[i][0]) * (p[1] - ring[i][1])) / (ring[j][1] - ring[i][1]) + ring[i][0]) c = !c;
  return c;
}
const area = (ring: Xy[]) => ring.slice(1).reduce((s, q, i) => s + crossZ(ring[i], q), 0) / 2;
/** Distance from the footprint to a leg's centreline (a ray 2 km long): 0 when they meet. */
function clearance(ring: Xy[], from: Xy, bearing: number): number {
  const to: Xy = [from[0] + 2000 * Math.sin((bearing * Math.PI) / 180), from[1] + 2000 * Math.cos((bearing * Math.PI) / 180)];
  if (inside(from, ring)) return 0;
  let d = Infinity;
  for (let i = 0; i + 1 < ring.length; i++) {
    if (segmentsCross(ring[i], ring[i + 1], from, to)) return 0;
    d = Math.min(d, pointToSegment(ring[i], from, to), pointToSegment(from, ring[i], ring[i + 1]));
  }
  return d;
}
const count = (f: (p: PlannedObstacle) => boolean) => plans.filter(f).length;

describe('synthetic obstacle plans', () => {
  it('are the same for the same seed and input, and differ for another seed', () => {
    expect(planObstacles(junctions, options)).toEqual(plans);
    expect(planObstacles(junctions, { ...options, seed: 7 })).not.toEqual(plans);
  });

  it('follow every rule: corner buildings and walls, tree belts (some trimmed), maize, stalls, parked vehicles', () => {
    for (const rule of ['corner', 'tree_belt', 'crop', 'stall', 'parked'] as const) expect(count((p) => p.rule === rule), rule).toBeGreaterThan(5);
    expect(count((p) => p.type === 'building')).toBeGreaterThan(count((p) => p.type === 'wall'));
    expect(count((p) => p.note.includes('已修剪'))).toBeGreaterThan(0);
    expect(count((p) => p.note === '路侧林带')).toBeGreaterThan(count((p) => p.note.includes('已修剪')));
  });

  it('give closed, counter-clockwise, simple rings', () => {
    for (const { ring } of plans) {
      expect(ring.length).toBeGreaterThanOrEqual(5);
      expect(ring.at(-1)).toEqual(ring[0]);
      expect(area(ring)).toBeGreaterThan(0.5);
      const n = ring.length - 1;
      for (let i = 0; i < n; i++)
        for (let k = i + 2; k < n; k++) {
          if (i === 0 && k === n - 1) continue; // the closing edge meets the first at a vertex
          expect(segmentsCross(ring[i], ring[i + 1], ring[k], ring[k + 1])).toBe(false);
        }
    }
  });

  it('keep heights, notes and dates of each kind in range', () => {
    for (const p of plans) {
      const range: [number, number] = {
        corner: [2.5, 7] as [number, number],
        tree_belt: p.note.includes('已修剪') ? [0.8, 1.1] as [number, number] : [3, 10] as [number, number],
        crop: [2.2, 2.8] as [number, number],
        stall: [2, 2.5] as [number, number],
        parked: [1.5, 3.8] as [number, number],
      }[p.rule];
      expect(p.height, `${p.rule} ${p.note}`).toBeGreaterThanOrEqual(range[0]);
      expect(p.height, `${p.rule} ${p.note}`).toBeLessThanOrEqual(range[1]);
      expect(p.observedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.observedOn <= '2026-10-31').toBe(true);
      expect(p.note).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(plans.filter((p) => p.rule === 'crop').every((p) => /^2026-0[78]-/.test(p.observedOn) && p.note === '玉米（夏季）' && p.type === 'vegetation')).toBe(true);
    expect(plans.filter((p) => p.rule === 'corner').every((p) => p.type === 'building' || p.type === 'wall')).toBe(true);
  });

  it('keep every footprint at least 4 m off each leg’s centreline', () => {
    let nearest = Infinity;
    for (const p of plans) {
      const j = byId.get(p.intersectionId)!;
      for (const l of j.legs) nearest = Math.min(nearest, clearance(p.ring, [j.x, j.y], l.bearing));
    }
    expect(nearest).toBeGreaterThanOrEqual(4 - 0.01); // rings are rounded to the centimetre
  });

  it('put corner buildings and walls inside one corner between two adjacent legs, 4–15 m off both', () => {
    for (const p of plans.filter((q) => q.rule === 'corner')) {
      const j = byId.get(p.intersectionId)!;
      const angles = p.ring.map(([x, y]) => ((Math.atan2(x - j.x, y - j.y) * 180) / Math.PI + 360) % 360);
      const bearings = j.legs.map((l) => l.bearing).sort((a, b) => a - b);
      // No leg's bearing falls inside the angular span of the footprint, seen from the centre.
      const spanFrom = (s: number) => (a: number) => (a - s + 360) % 360;
      const start = angles.find((s) => Math.max(...angles.map(spanFrom(s))) < 180);
      expect(start).toBeDefined();
      const span = spanFrom(start!);
      const width = Math.max(...angles.map(span));
      expect(bearings.some((b) => span(b) > 0 && span(b) < width)).toBe(false);
      const near = Math.min(...j.legs.map((l) => clearance(p.ring, [j.x, j.y], l.bearing)));
      expect(near).toBeLessThanOrEqual(15);
    }
  });

  it('place them where they belong: stalls near market towns, parked vehicles in town, buildings in villages and hamlets', () => {
    const at = (p: PlannedObstacle) => byId.get(p.intersectionId)!;
    const nearMarket = (j: ObstacleJunction) => markets.some(([x, y]) => Math.hypot(x - j.x, y - j.y) < 500);
    const urban = (j: ObstacleJunction) => j.legs.some((l) => l.standard === 'urban');
    expect(plans.filter((p) => p.rule === 'stall').every((p) => nearMarket(at(p)))).toBe(true);
    expect(plans.filter((p) => p.rule === 'parked').every((p) => urban(at(p)))).toBe(true);
    expect(plans.filter((p) => p.rule === 'corner').every((p) => !urban(at(p)) && at(p).legs.some((l) => l.roadClass === 'village'))).toBe(true);
    expect(plans.filter((p) => p.rule === 'tree_belt' || p.rule === 'crop').every((p) => !urban(at(p)))).toBe(true);
  });
});
