/**
 * Synthetic accident records (事故), streamed in batches so a million never sit in memory at once.
 * Day by day over the window: the day's count (calendar weights, summing exactly to `count`),
 * then for each accident a site on a road, an hour (by road type, weekday, darkness), light,
 * weather, parties and severity. Records within a day are sorted by time before numbering, so
 * 事故编号 run in time order within each year like a real register ('LC2024-0001234').
 * Same seed and count give identical output; a different count gives a different sample.
 * The demo lights (lights.ts) avert some dark crashes near them and light the rest; that draws
 * from a stream of its own, so every other accident is the one it would be without them.
 */
import { allocate, buildCalendar, sunTimes, type Day } from './accident-calendar';
import {
  accidentWeather, drawCasualties, drawHour, drawSeverity, drawVehicles, hourTables, lightAt,
  roadGroup, severityFactors, type HourTables,
} from './accident-attributes';
import {
  accidentNetwork, activeMarkets, buildSites, chooseMarkets, DEFAULT_END_DATE, SHARES, type SiteModel,
} from './accident-sites';
import { toXY } from './geo';
import type { Junction, NetRoad } from './junctions';
import { LightCover, planLights } from './lights';
import { MARKET_HOUR_SHARE, type MarketTown } from './markets';
import { AliasTable, Rng } from './random';
import type { Accident, BaseWorld, LightCondition, Severity, VehicleType, Weather } from './types';

export { DEFAULT_END_DATE };

export interface AccidentOptions {
  seed: number;
  count: number;
  endDate?: string; // last day, China date, default DEFAULT_END_DATE
  years?: number; // length of the window, default 5
  batchSize?: number; // default 10 000
  lights?: boolean; // build the demo lights' effect in (lights.ts), default true
}

/** Fatal and injury shares the severity model is calibrated to (see data/README.md). */
export const TARGET_SHARES = { fatal: 0.05, injury: 0.4 };

/**
 * The market towns the accidents of this seed assume (markets.ts): schedules, hours, and which are
 * registered (stored on the first start) and which are not.
 */
export function marketTowns(world: Pick<BaseWorld, 'townships'>, seed: number, endDate = DEFAULT_END_DATE): MarketTown[] {
  return chooseMarkets(world, new Rng(seed, 'accidents').fork('sites').fork('markets'), endDate).map(
    ({ endsOn: _e, segments: _s, segs: _g, ...town }) => town,
  );
}

interface Context {
  road: number;
  s: number;
  minute: number;
  hour: number;
  light: LightCondition;
  weather: Weather;
  vehicles: VehicleType[];
}

/** Everything an accident draws before its severity, shared by calibration and generation. */
class Drawer {
  private readonly mixes = new Map<string, number[]>();
  private readonly hours: HourTables = hourTables();

  constructor(
    readonly net: NetRoad[],
    readonly sites: SiteModel,
    private readonly firstDay: number,
    private readonly years: number,
  ) {}

  /** `minute` fixed: a crash in another's time slot (see underLights), otherwise drawn. */
  context(day: Day, sun: { sunrise: number; sunset: number }, active: number[], rng: Rng, fixedMinute?: number): Context {
    const { sites, net } = this;
    const yi = Math.min(this.years - 1, Math.floor((day.day - this.firstDay) / 365));
    const wBlack = SHARES.blackSpot * sites.blackSpotYearShare[yi];
    const wMarket = sites.markets.length ? (SHARES.market * active.length * 5) / sites.markets.length : 0;
    let r = rng.next() * (SHARES.midblock + SHARES.junction + wBlack + wMarket);
    let road: number;
    let s: number;
    let nightSpot = false;
    let market: MarketTown | null = null;
    if ((r -= SHARES.midblock) < 0) {
      const k = sites.midblock.draw(rng);
      road = sites.segRoad[k];
      const seg = sites.segIndex[k];
      const cum = net[road].cum;
      s = cum[seg] + rng.next() * (cum[seg + 1] - cum[seg]);
    } else if ((r -= SHARES.junction) < 0) {
      ({ road, s } = nearJunction(sites.junctions[sites.junctionTable.draw(rng)], net, 12, rng));
    } else if ((r -= wBlack) < 0 || active.length === 0) {
      const spot = sites.blackSpots[sites.blackSpotTables[yi].draw(rng)];
      if (spot.junction !== null) ({ road, s } = nearJunction(sites.junctions[spot.junction], net, 15, rng));
      else {
        road = spot.road;
        s = spot.s0 + rng.next() * (spot.s1 - spot.s0);
      }
      nightSpot = spot.night;
    } else {
      const m = sites.markets[active[rng.int(active.length)]];
      market = m;
      const k = m.segments.draw(rng);
      road = m.segs[k * 2];
      const cum = net[road].cum;
      const seg = m.segs[k * 2 + 1];
      s = cum[seg] + rng.next() * (cum[seg + 1] - cum[seg]);
    }
    const info = net[road].road;
    const group = roadGroup(info.class);
    const weekend = day.weekday === 0 || day.weekday === 6;
    // A market's crashes come mostly while it is held; everything else by the road's hourly profile.
    const minute = fixedMinute ?? (market && rng.chance(MARKET_HOUR_SHARE)
      ? market.hours.from + rng.int(market.hours.to - market.hours.from)
      : drawHour(this.hours.get(group, weekend, !info.lit && group !== 'urban', nightSpot), rng) * 60 + rng.int(60));
    const hour = Math.floor(minute / 60);
    const light = lightAt(minute, sun, info.lit);
    const weather = accidentWeather(day, hour, rng);
    const vehicles = drawVehicles(group, day, weather, rng, this.mixes);
    return { road, s, minute, hour, light, weather, vehicles };
  }
}

/** A point on one of the junction's roads, up to a few tens of metres from its centre. */
function nearJunction(j: Junction, net: NetRoad[], meanOffset: number, rng: Rng) {
  const leg = j.legs[rng.int(j.legs.length)];
  const offset = Math.min(3 * meanOffset, rng.exponential(meanOffset)) * (rng.chance(0.5) ? 1 : -1);
  return { road: leg.road, s: Math.max(0, Math.min(net[leg.road].length, leg.s + offset)) };
}

/** Base probabilities so that the world-wide shares hit TARGET_SHARES (pilot sample). */
function calibrate(drawer: Drawer, days: Day[], rng: Rng): { fatal: number; injury: number } {
  const dayTable = new AliasTable(days.map((d) => d.weight));
  const samples: { fatal: number; injury: number }[] = [];
  for (let i = 0; i < 20_000; i++) {
    const day = days[dayTable.draw(rng)];
    const c = drawer.context(day, sunTimes(day.day), activeMarkets(drawer.sites, day), rng);
    samples.push(severityFactors(drawer.net[c.road].road.class, c.light, c.weather, c.vehicles));
  }
  const fatal = TARGET_SHARES.fatal / (samples.reduce((s, f) => s + f.fatal, 0) / samples.length);
  const survive = samples.reduce((s, f) => s + (1 - Math.min(0.5, fatal * f.fatal)) * f.injury, 0) / samples.length;
  return { fatal, injury: TARGET_SHARES.injury / survive };
}

export function* generateAccidents(world: BaseWorld, opts: AccidentOptions): Generator<Accident[]> {
  const { seed, count, endDate = DEFAULT_END_DATE, years = 5, batchSize = 10_000 } = opts;
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a whole number ≥ 0, got ${count}`);
  if (!Number.isInteger(years) || years < 1) throw new Error(`years must be a whole number ≥ 1, got ${years}`);
  const rng = new Rng(seed, 'accidents');
  const { net, junctions } = accidentNetwork(world);
  const sites = buildSites(world, net, junctions, years, endDate, rng.fork('sites'));
  const days = buildCalendar(endDate, years, rng.fork('calendar'));
  const perDay = allocate(days, count, rng.fork('allocate'));
  const drawer = new Drawer(net, sites, days[0].day, years);
  const base = calibrate(drawer, days, rng.fork('calibration'));
  const draw = rng.fork('draw');
  const lighting = opts.lights === false ? null : {
    drawer, base, cover: new LightCover(planLights(world, net, sites, seed, endDate)), rng: rng.fork('lights'),
  };

  const sequence = new Map<number, number>();
  let batch: Accident[] = [];
  for (let i = 0; i < days.length; i++) {
    const n = perDay[i];
    if (n === 0) continue;
    const day = days[i];
    const sun = sunTimes(day.day);
    const active = activeMarkets(sites, day);
    const today: { minute: number; accident: Accident }[] = [];
    for (let k = 0; k < n; k++) {
      const drawn = drawOutcome(drawer.context(day, sun, active, draw), drawer, base, draw);
      const { c, severity, deaths, injuries } = (lighting && underLights(drawn, day, sun, active, lighting)) || drawn;
      const road = net[c.road];
      const [lon, lat] = positionAt(road, c.s);
      today.push({
        minute: c.minute,
        accident: {
          externalId: '', occurredAt: '', severity, deaths, injuries, vehicleTypes: c.vehicles,
          light: c.light, weather: c.weather, roadId: road.road.id, lon, lat,
        },
      });
    }
    today.sort((a, b) => a.minute - b.minute);
    const date = `${day.year}-${pad2(day.month)}-${pad2(day.date)}`;
    for (const { minute, accident } of today) {
      const seq = (sequence.get(day.year) ?? 0) + 1;
      sequence.set(day.year, seq);
      accident.externalId = `LC${day.year}-${String(seq).padStart(7, '0')}`;
      accident.occurredAt = `${date}T${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}:00+08:00`;
      batch.push(accident);
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

interface Drawn {
  c: Context;
  severity: Severity;
  deaths: number;
  injuries: number;
}

function drawOutcome(c: Context, drawer: Drawer, base: { fatal: number; injury: number }, rng: Rng): Drawn {
  const severity = drawSeverity(severityFactors(drawer.net[c.road].road.class, c.light, c.weather, c.vehicles), base, rng);
  return { c, severity, ...drawCasualties(severity, c.vehicles, rng) };
}

/**
 * A crash in the dark on an unlit road within reach of a working light: averted with chance
 * 1 − effect, its time slot then taken by another crash drawn anew (place, parties, severity),
 * which may meet a light in turn; kept otherwise, lit (and its severity drawn again) when the
 * light lights the road, as it was under a flashing beacon. Keeping the slot keeps the day's count,
 * every time and every 事故编号. Draws only from the lights' stream. Null when nothing changes.
 */
function underLights(
  first: Drawn, day: Day, sun: { sunrise: number; sunset: number }, active: number[],
  { drawer, base, cover, rng }: { drawer: Drawer; base: { fatal: number; injury: number }; cover: LightCover; rng: Rng },
): Drawn | null {
  let changed: Drawn | null = null;
  let { c } = first;
  while (c.light === 'dark_unlit') {
    const hit = cover.at(toXY(positionAt(drawer.net[c.road], c.s)), day.day);
    if (!hit) break;
    if (rng.chance(hit.effect)) return hit.lit ? drawOutcome({ ...c, light: 'dark_lit' }, drawer, base, rng) : changed;
    changed = drawOutcome(drawer.context(day, sun, active, rng, c.minute), drawer, base, rng);
    c = changed.c;
  }
  return changed;
}

/** Linear interpolation on the road's own lon/lat vertices, so the point lies on the line. */
function positionAt(r: NetRoad, s: number): [number, number] {
  const { cum } = r;
  let lo = 0;
  let hi = cum.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] <= s) lo = mid;
    else hi = mid;
  }
  const span = cum[hi] - cum[lo];
  const t = span > 0 ? Math.max(0, Math.min(1, (s - cum[lo]) / span)) : 0;
  const a = r.road.coordinates[lo];
  const b = r.road.coordinates[hi];
  return [round6(a[0] + t * (b[0] - a[0])), round6(a[1] + t * (b[1] - a[1]))];
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

const PAD = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
function pad2(n: number): string {
  return PAD[n];
}
