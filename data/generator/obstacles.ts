/**
 * Synthetic obstacles to sight (视距遮挡物) at the network's intersections, while no real building
 * or vegetation polygons are at hand. Deterministic from a seed and the intersections as the
 * database derived them (metric CRS, legs by bearing); the seeder labels every one synthetic.
 * Users draw, edit and import real ones; trimming a tree belt (绿植修剪) is an edit of its height.
 *
 * A junction's setting comes from its legs: urban (a leg on the urban standard); market town
 * (rural, within MARKET_REACH of a market town, the towns the accidents use); village (rural, a
 * village main street 'XX大街' meets there); other rural (hamlets, field crossings). The rules, with
 * shares (SHARES) this generator chose so that about a fifth of the intersections come out
 * deficient under the default settings (the default seed: 22 %), mostly severe, some minor:
 * - corner buildings (65 %, 3–7 m) and courtyard walls (35 %, 2.5–3.5 m, half of them L-shaped
 *   round the corner): at 32 % of village junctions and 10 % of other rural junctions with a
 *   village road, in one conflict corner (35–160°; 35 % of them in two); near corner 4–14 m off
 *   both legs' centrelines, sides following the two roads (村口民房山墙, 院墙);
 * - tree belts (路侧林带), 3–10 m high, 3–6 m wide, 30–120 m long: along 5 % of the sides of
 *   national, provincial, county and township legs outside towns, near edge 6–12 m off the
 *   centreline, starting 5–45 m out; 30 % trimmed to 0.8–1.1 m, under the 1.2 m eye (绿植修剪);
 * - summer maize (玉米（夏季）), 2.2–2.8 m, observed in July or August: in 3 % of the conflict
 *   corners of other rural junctions, field edge 5–25 m off both legs, 40–150 m a side;
 * - market stalls (集市摊位), 2–2.5 m: 2–6 at 80 % of market-town junctions, 4.5–7 m off a leg;
 * - parked vehicles (路口违停), 1.5–3.8 m: in 2 % of urban conflict corners, 4.5–9 m off a leg.
 * Every footprint keeps MIN_CLEARANCE from its junction's legs (straight rays) and clear of those
 * placed before it; the seeder drops the few (~3.5 %) that still come within it of a road.
 */
import { dateOfDay, dayNumber } from '@shared/calendar/day-number';
import { MARKET_REACH } from './accident-sites';
import type { XY } from './geo';
import { Rng } from './random';
import { closedCcw, ringSegmentDistance, ringsOverlap } from './rings';

export type ObstacleType = 'building' | 'wall' | 'vegetation' | 'stall' | 'parked_vehicles' | 'other';
export type ObstacleRule = 'corner' | 'tree_belt' | 'crop' | 'stall' | 'parked';

export interface ObstacleLeg {
  /** Degrees clockwise from north, from the junction outwards. */
  bearing: number;
  roadClass: string;
  roadName: string | null;
  standard: 'highway' | 'urban';
}

export interface ObstacleJunction {
  id: number;
  /** Metric CRS, metres. */
  x: number;
  y: number;
  legs: ObstacleLeg[];
}

export interface PlannedObstacle {
  intersectionId: number;
  rule: ObstacleRule;
  type: ObstacleType;
  height: number;
  /** Closed, counter-clockwise, metres in the metric CRS. */
  ring: XY[];
  observedOn: string;
  note: string;
}

export interface ObstaclePlanOptions {
  seed: number;
  /** Observations fall in the two years up to this day (YYYY-MM-DD); maize in the last summer. */
  lastDay: string;
  /** Market towns' points, metric CRS. */
  marketTowns: XY[];
}

export const SHARES = {
  villageJunction: 0.32, ruralJunction: 0.1, twoCorners: 0.35, wall: 0.35, lWall: 0.5,
  beltSide: 0.05, trimmed: 0.3, crop: 0.03, marketJunction: 0.8, parked: 0.02,
};
/** No footprint nearer a leg's centreline than this (m): off the carriageway. */
export const MIN_CLEARANCE = 4;
const BELT_CLASSES = new Set(['national', 'provincial', 'county', 'township']);
const CONFLICT = [35, 160]; // degrees between adjacent legs: where a sight triangle is drawn

type Setting = 'urban' | 'market' | 'village' | 'rural';

interface Leg extends ObstacleLeg {
  u: XY; // unit vector outwards
  n: XY; // unit normal to its clockwise side
}

const unit = (deg: number): XY => [Math.sin((deg * Math.PI) / 180), Math.cos((deg * Math.PI) / 180)];
const add = (p: XY, ...terms: [XY, number][]): XY => terms.reduce<XY>((q, [v, k]) => [q[0] + v[0] * k, q[1] + v[1] * k], p);

export function planObstacles(junctions: readonly ObstacleJunction[], opts: ObstaclePlanOptions): PlannedObstacle[] {
  const rng = new Rng(opts.seed, 'obstacles');
  const last = dayNumber(opts.lastDay);
  const placed = new Footprints();
  const out: PlannedObstacle[] = [];
  const iso = (day: number) => {
    const d = dateOfDay(day);
    return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.date).padStart(2, '0')}`;
  };
  const observed = (days: number) => iso(last - rng.int(days));
  const summerYear = dateOfDay(last).month >= 9 ? dateOfDay(last).year : dateOfDay(last).year - 1;
  const summer = () => iso(dayNumber(`${summerYear}-07-01`) + rng.int(62));
  const h = (min: number, max: number) => Math.round(rng.uniform(min, max) * 10) / 10;

  for (const j of junctions) {
    const p: XY = [j.x, j.y];
    const legs: Leg[] = j.legs
      .map(({ bearing, roadClass, roadName, standard }) => ({ bearing, roadClass, roadName, standard, u: unit(bearing), n: unit(bearing + 90) }))
      .sort((a, b) => a.bearing - b.bearing);
    const rays = legs.map((l): [XY, XY] => [p, add(p, [l.u, 1000])]);
    const setting = settingOf(j, legs, opts.marketTowns);
    const place = (rule: ObstacleRule, type: ObstacleType, height: number, outline: XY[], observedOn: string, note: string) => {
      const ring = closedCcw(outline);
      if (rays.some(([a, b]) => ringSegmentDistance(ring, a, b) < MIN_CLEARANCE) || placed.overlaps(ring)) return false;
      placed.add(ring);
      out.push({ intersectionId: j.id, rule, type, height, ring, observedOn, note });
      return true;
    };

    // The conflict corners: adjacent legs A → B (clockwise) where the analysis draws a triangle.
    const corners = legs
      .map((a, i) => ({ a, b: legs[(i + 1) % legs.length], theta: (legs[(i + 1) % legs.length].bearing - a.bearing + 360) % 360 }))
      .filter((c) => c.theta >= CONFLICT[0] && c.theta <= CONFLICT[1]);
    // A point inside corner A → B, oA m off leg A and oB m off leg B.
    const cornerPoint = ({ a, b, theta }: (typeof corners)[number], oA: number, oB: number) => {
      const sin = Math.sin((theta * Math.PI) / 180);
      return add(p, [a.u, oB / sin], [b.u, oA / sin]);
    };
    const builtShare =
      setting === 'village' ? SHARES.villageJunction
        : setting === 'rural' && legs.some((l) => l.roadClass === 'village') ? SHARES.ruralJunction : 0;
    if (corners.length && builtShare && rng.chance(builtShare)) {
      const picked = rng.shuffle([...corners]).slice(0, rng.chance(SHARES.twoCorners) ? 2 : 1);
      for (const k of picked) {
        const { a, b } = k;
        const sin = Math.sin((k.theta * Math.PI) / 180);
        const c = cornerPoint(k, rng.uniform(4, 14), rng.uniform(4, 14));
        if (!rng.chance(SHARES.wall)) {
          const l1 = rng.uniform(6, 15);
          const l2 = rng.uniform(5, 12);
          const note = rng.pick(['村口民房山墙', '临街民房', '路口民房']);
          place('corner', 'building', h(3, 7), [c, add(c, [a.u, l1]), add(c, [a.u, l1], [b.u, l2]), add(c, [b.u, l2])], observed(730), note);
        } else {
          // A courtyard wall along leg A, half of them turning the corner along leg B too (w thick).
          const w = rng.uniform(0.3, 0.5);
          const l1 = rng.uniform(8, 25);
          const l2 = rng.chance(SHARES.lWall) ? rng.uniform(8, 25) : 0;
          const inner = add(c, [a.u, w / sin], [b.u, w / sin]);
          const outline: XY[] = l2
            ? [add(c, [a.u, l1]), c, add(c, [b.u, l2]), add(c, [b.u, l2], [b.n, -w]), inner, add(c, [a.u, l1], [a.n, w])]
            : [c, add(c, [a.u, l1]), add(c, [a.u, l1], [b.u, w / sin]), add(c, [b.u, w / sin])];
          place('corner', 'wall', h(2.5, 3.5), outline, observed(730), l2 ? '院墙（转角）' : '院墙');
        }
      }
    }
    for (const k of corners) {
      if (setting === 'rural' && rng.chance(SHARES.crop)) {
        const c = cornerPoint(k, rng.uniform(5, 25), rng.uniform(5, 25));
        const l1 = rng.uniform(40, 150);
        const l2 = rng.uniform(40, 150);
        const field = [c, add(c, [k.a.u, l1]), add(c, [k.a.u, l1], [k.b.u, l2]), add(c, [k.b.u, l2])];
        place('crop', 'vegetation', h(2.2, 2.8), field, summer(), '玉米（夏季）');
      }
      if (setting === 'urban' && rng.chance(SHARES.parked)) {
        // At the kerb of one of the two legs, on the corner's side.
        const [leg, side] = rng.chance(0.5) ? [k.a, 1] : [k.b, -1];
        const s0 = rng.uniform(8, 30);
        const t0 = rng.uniform(4.5, 9);
        const truck = rng.chance(0.4);
        const footprint = along(p, leg, side, s0, s0 + (truck ? rng.uniform(7, 12) : rng.uniform(4.5, 5.5)), t0, t0 + rng.uniform(1.8, 2.5));
        place('parked', 'parked_vehicles', truck ? h(2.5, 3.8) : h(1.5, 2.2), footprint, observed(365), truck ? '路口违停货车' : '路口违停车辆');
      }
    }

    for (const leg of legs) {
      if (setting === 'urban' || !BELT_CLASSES.has(leg.roadClass)) continue;
      for (const side of [1, -1]) {
        if (!rng.chance(SHARES.beltSide)) continue;
        const trimmed = rng.chance(SHARES.trimmed);
        const t0 = rng.uniform(6, 12);
        const t1 = t0 + rng.uniform(3, 6);
        const length = rng.uniform(30, 120);
        // Start further out when the belt would reach across a neighbouring leg.
        const [height, note] = trimmed ? [h(0.8, 1.1), '路侧林带（已修剪）'] : [h(3, 10), '路侧林带'];
        const day = observed(365);
        for (let s0 = rng.uniform(5, 45); s0 < 80; s0 += 8)
          if (place('tree_belt', 'vegetation', height, along(p, leg, side, s0, s0 + length, t0, t1), day, note)) break;
      }
    }

    if (setting === 'market' && rng.chance(SHARES.marketJunction)) {
      const stalls = 2 + rng.int(5);
      const roadside = legs.filter((l) => l.roadClass !== 'expressway');
      for (let k = 0; k < stalls && roadside.length; k++) {
        const s0 = rng.uniform(6, 40);
        const t0 = rng.uniform(4.5, 7);
        const footprint = along(p, rng.pick(roadside), rng.chance(0.5) ? 1 : -1, s0, s0 + rng.uniform(2, 4), t0, t0 + rng.uniform(1.5, 2.5));
        place('stall', 'stall', h(2, 2.5), footprint, observed(365), '集市摊位');
      }
    }
  }
  return out;
}

function settingOf(j: ObstacleJunction, legs: readonly Leg[], marketTowns: readonly XY[]): Setting {
  if (legs.some((l) => l.standard === 'urban')) return 'urban';
  if (marketTowns.some(([x, y]) => Math.hypot(x - j.x, y - j.y) < MARKET_REACH)) return 'market';
  if (legs.some((l) => l.roadClass === 'village' && l.roadName?.endsWith('大街'))) return 'village';
  return 'rural';
}

/** A rectangle beside a leg: s0–s1 m out along it, t0–t1 m off its centreline on `side` (1: clockwise). */
function along(p: XY, leg: Leg, side: number, s0: number, s1: number, t0: number, t1: number): XY[] {
  const n: XY = [leg.n[0] * side, leg.n[1] * side];
  return [add(p, [leg.u, s0], [n, t0]), add(p, [leg.u, s1], [n, t0]), add(p, [leg.u, s1], [n, t1]), add(p, [leg.u, s0], [n, t1])];
}

/** Footprints placed so far, bucketed by 100 m cells of their bounding boxes. */
class Footprints {
  private readonly cells = new Map<string, XY[][]>();

  private keys(ring: readonly XY[]): string[] {
    const xs = ring.map((q) => Math.floor(q[0] / 100));
    const ys = ring.map((q) => Math.floor(q[1] / 100));
    const keys: string[] = [];
    for (let i = Math.min(...xs); i <= Math.max(...xs); i++)
      for (let k = Math.min(...ys); k <= Math.max(...ys); k++) keys.push(`${i},${k}`);
    return keys;
  }

  overlaps(ring: readonly XY[]): boolean {
    return this.keys(ring).some((k) => this.cells.get(k)?.some((other) => ringsOverlap(ring, other)));
  }

  add(ring: XY[]) {
    for (const k of this.keys(ring)) {
      if (!this.cells.has(k)) this.cells.set(k, []);
      this.cells.get(k)!.push(ring);
    }
  }
}
