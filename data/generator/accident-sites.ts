/**
 * Where accidents happen. Four sources, mixed per day:
 * - mid-block: anywhere on a road, by length × a class rate (traffic and conflict exposure),
 *   raised through towns and on village main streets (村内主街, the through-roads where mixed
 *   traffic meets farm vehicles and pedestrians);
 * - junctions: by the classes meeting there, highest where a fast road crosses a slow one;
 * - black spots (事故多发点段): a few hundred persistent junctions and short stretches with far
 *   higher rates, some worsening, some improving, some fixed part-way (a measure taken), so that
 *   clustering has real hotspots and trends to find;
 * - markets (集市): extra crashes around market towns on their lunar market days (markets.ts).
 * The weights are this generator's choices, ordered as road-safety literature describes (e.g.
 * junction share ~30–40 % in Chinese police data, rural at-grade crossings of trunk roads the
 * worst), not measured values.
 */
import type { Day } from './accident-calendar';
import { toXY } from './geo';
import { findJunctions, netRoads, type Junction, type NetRoad } from './junctions';
import { marketEndDay, planMarketTowns, type MarketTown } from './markets';
import { AliasTable, type Rng } from './random';
import type { BaseWorld, RoadClass, Township } from './types';

const MIDBLOCK_RATE: Record<RoadClass, number> = {
  expressway: 2.5, national: 3.0, provincial: 2.2, county: 1.3, township: 0.55, village: 0.25,
  urban_arterial: 3.5, urban_street: 1.3,
};
const JUNCTION_RATE: Record<RoadClass, number> = {
  expressway: 0, national: 3, provincial: 2.5, county: 1.5, township: 0.6, village: 0.3,
  urban_arterial: 2.5, urban_street: 1,
};
const BLACK_SPOT_RATE: Record<RoadClass, number> = {
  expressway: 0.5, national: 4, provincial: 3, county: 2, township: 0.6, village: 0.2,
  urban_arterial: 2.5, urban_street: 0.3,
};
export const SHARES = { midblock: 0.52, junction: 0.36, blackSpot: 0.1, market: 0.02 };

/** The accident window's last day unless told otherwise (China date). */
export const DEFAULT_END_DATE = '2026-10-31';

// Road geometry and junctions depend only on the world: computed once per world object, and
// dropped with it (a WeakMap holds nothing alive, and nothing is shared between worlds). Shared by
// the accidents and the lights, which stand at the accidents' spots.
const networks = new WeakMap<BaseWorld, { net: NetRoad[]; junctions: Junction[] }>();

export function accidentNetwork(world: BaseWorld): { net: NetRoad[]; junctions: Junction[] } {
  let n = networks.get(world);
  if (!n) {
    const net = netRoads(world.roads);
    n = { net, junctions: findJunctions(net) };
    networks.set(world, n);
  }
  return n;
}

export interface BlackSpot {
  road: number;
  s0: number; // stretch along the road, metres (s0 = s1 for a junction)
  s1: number;
  junction: number | null; // index into the junctions when the spot is a junction
  weight: number;
  /** Multiplier per year index of the window. */
  yearFactor: number[];
  /** Unlit rural stretch where most crashes happen after dark (a "first light" candidate). */
  night: boolean;
}

export interface Market extends MarketTown {
  /** Day number from which it no longer meets (closed or moved away), or null. */
  endsOn: number | null;
  segments: AliasTable; // over `segs` below, by length
  segs: Int32Array; // road, segment pairs within reach of the town point
}

export interface SiteModel {
  segRoad: Int32Array;
  segIndex: Int32Array;
  midblock: AliasTable;
  junctions: Junction[];
  junctionTable: AliasTable;
  blackSpots: BlackSpot[];
  blackSpotTables: AliasTable[]; // one per year of the window
  blackSpotYearShare: number[];
  markets: Market[];
}

const TOWN_REACH = 700; // m
/** How far (m) from a market town's point its market reaches: extra crashes, stalls at junctions. */
export const MARKET_REACH = 500;

export function buildSites(world: BaseWorld, net: NetRoad[], junctions: Junction[], years: number, endDate: string, rng: Rng): SiteModel {
  const markets = chooseMarkets(world, rng.fork('markets'), endDate);
  const towns = world.townships.filter((t) => t.point).map((t) => toXY(t.point!));
  const marketXY = markets.map((m) => toXY(m.point));

  const townGrid = pointGrid(towns, TOWN_REACH);
  const marketGrid = pointGrid(marketXY, MARKET_REACH);
  let nSeg = 0;
  for (const r of net) nSeg += r.cum.length - 1;
  const segRoad = new Int32Array(nSeg);
  const segIndex = new Int32Array(nSeg);
  const weights = new Float64Array(nSeg);
  const marketSegs: number[][] = markets.map(() => []);
  let k = 0;
  for (let ri = 0; ri < net.length; ri++) {
    const r = net[ri];
    const rate = MIDBLOCK_RATE[r.road.class] * (r.road.class === 'village' && r.road.name.endsWith('大街') ? 2.5 : 1);
    for (let s = 0; s + 1 < r.cum.length; s++, k++) {
      const mx = (r.xy[s * 2] + r.xy[s * 2 + 2]) / 2;
      const my = (r.xy[s * 2 + 1] + r.xy[s * 2 + 3]) / 2;
      let local = 1;
      if (!r.road.urban && nearest(townGrid, towns, mx, my, TOWN_REACH) >= 0) local = 1.6;
      const m = r.road.class === 'expressway' ? -1 : nearest(marketGrid, marketXY, mx, my, MARKET_REACH);
      if (m >= 0) {
        if (!r.road.urban) local = 2.0;
        marketSegs[m].push(ri, s);
      }
      segRoad[k] = ri;
      segIndex[k] = s;
      weights[k] = (r.cum[s + 1] - r.cum[s]) * rate * local;
    }
  }
  markets.forEach((m, i) => {
    m.segs = Int32Array.from(marketSegs[i].length ? marketSegs[i] : [segRoad[0], segIndex[0]]);
    const lens: number[] = [];
    for (let j = 0; j < m.segs.length; j += 2) {
      const r = net[m.segs[j]];
      lens.push(r.cum[m.segs[j + 1] + 1] - r.cum[m.segs[j + 1]]);
    }
    m.segments = new AliasTable(lens);
  });

  const junctionWeights = junctions.map((j) => junctionWeight(j, net));
  const blackSpots = chooseBlackSpots(net, junctions, junctionWeights, years, rng.fork('black-spots'));
  const blackSpotTables = Array.from({ length: years + 1 }, (_, y) =>
    new AliasTable(blackSpots.map((b) => b.weight * b.yearFactor[Math.min(y, years - 1)])),
  );
  const base = blackSpotTables[0].total;
  return {
    segRoad, segIndex,
    midblock: new AliasTable(weights),
    junctions,
    junctionTable: new AliasTable(junctionWeights),
    blackSpots,
    blackSpotTables,
    blackSpotYearShare: blackSpotTables.map((t) => t.total / base),
    markets,
  };
}

/** A fast road crossing a slow one is where rural China's worst crashes happen: weight it up. */
export function junctionWeight(j: Junction, net: NetRoad[]): number {
  let sum = 0;
  let fast = 0;
  let slow = Infinity;
  for (const leg of j.legs) {
    const road = net[leg.road].road;
    sum += JUNCTION_RATE[road.class];
    fast = Math.max(fast, road.designSpeed);
    slow = Math.min(slow, road.designSpeed);
  }
  return sum * (fast - slow >= 40 ? 1.6 : 1);
}

function chooseBlackSpots(net: NetRoad[], junctions: Junction[], junctionWeights: number[], years: number, rng: Rng): BlackSpot[] {
  const COUNT = 300;
  const spots: BlackSpot[] = [];
  const usedJunctions = new Set<number>();
  const byJunction = new AliasTable(junctionWeights.map((w) => w * w));
  const stretchRoads = new AliasTable(net.map((r) => r.length * BLACK_SPOT_RATE[r.road.class]));
  while (spots.length < COUNT) {
    const trendRoll = rng.next();
    const change = 1 + rng.int(Math.max(1, years - 2)); // year index from which a fix takes effect
    const yearFactor = Array.from({ length: years }, (_, y) =>
      trendRoll < 0.45 ? 1 : trendRoll < 0.65 ? 1.3 ** (y - years / 2) : trendRoll < 0.85 ? 0.75 ** (y - years / 2) : y >= change ? 0.25 : 1,
    );
    const weight = Math.exp(rng.normal(0, 0.5));
    if (rng.chance(0.55)) {
      const j = byJunction.draw(rng);
      if (usedJunctions.has(j)) continue;
      usedJunctions.add(j);
      const leg = junctions[j].legs[0];
      spots.push({ road: leg.road, s0: leg.s, s1: leg.s, junction: j, weight, yearFactor, night: false });
    } else {
      const road = stretchRoads.draw(rng);
      const r = net[road];
      const len = Math.min(r.length, r.road.urban ? rng.uniform(150, 400) : rng.uniform(200, 800));
      const s0 = rng.uniform(0, r.length - len);
      const night = !r.road.urban && !r.road.lit && rng.chance(0.4);
      spots.push({ road, s0, s1: s0 + len, junction: null, weight, yearFactor, night });
    }
  }
  return spots;
}

/**
 * Market towns and their lunar schedules: about a third of the towns (镇/乡, not urban streets),
 * each on one of the five usual digit pairs; names, reported days, hours and the register come
 * from markets.ts. Exported so the markets layer uses the same towns.
 */
export function chooseMarkets(world: Pick<BaseWorld, 'townships'>, rng: Rng, endDate: string): Market[] {
  const picked: { township: Township; digit: number }[] = [];
  for (const t of world.townships) {
    if (!t.point || t.name.endsWith('街道') || t.pointSource !== 'station' || !rng.chance(0.35)) continue;
    picked.push({ township: t, digit: 1 + rng.int(5) }); // 逢一六, 逢二七, 逢三八, 逢四九, 逢五十
  }
  return planMarketTowns(picked, rng, endDate).map((m) => ({
    ...m, endsOn: marketEndDay(m), segments: new AliasTable([1]), segs: new Int32Array(0),
  }));
}

/** Markets held on a day (not those closed or moved away by then). */
export function activeMarkets(model: SiteModel, day: Day): number[] {
  const out: number[] = [];
  model.markets.forEach((m, i) => {
    if (m.lunarDays.includes(day.lunarDay) && (m.endsOn === null || day.day < m.endsOn)) out.push(i);
  });
  return out;
}

/** Points bucketed in square cells as wide as the search radius. */
function pointGrid(points: [number, number][], cell: number): { cell: number; buckets: Map<number, number[]> } {
  const buckets = new Map<number, number[]>();
  points.forEach(([x, y], i) => {
    const k = Math.floor(x / cell) * 100_003 + Math.floor(y / cell);
    if (!buckets.has(k)) buckets.set(k, []);
    buckets.get(k)!.push(i);
  });
  return { cell, buckets };
}

/** Index of a point within `reach` of (x, y), or −1. */
function nearest(grid: ReturnType<typeof pointGrid>, points: [number, number][], x: number, y: number, reach: number): number {
  const ci = Math.floor(x / grid.cell);
  const cj = Math.floor(y / grid.cell);
  for (let i = ci - 1; i <= ci + 1; i++)
    for (let j = cj - 1; j <= cj + 1; j++) {
      const bucket = grid.buckets.get(i * 100_003 + j);
      if (!bucket) continue;
      for (const p of bucket) if (Math.hypot(points[p][0] - x, points[p][1] - y) < reach) return p;
    }
  return -1;
}
