/**
 * Synthetic road lights for the demo of 第一盏灯 (first light): lights put up in 2023–2024 at dark,
 * crash-prone places, which the accident generator builds into its crashes (accidents.ts), so that
 * a before/after evaluation has an effect to find, and placebo sites, so that it has one not to find.
 *
 * - Where: the accidents' own black spots (buildSites with the accident generator's stream, so the
 *   very spots its crashes pile up at): night spots (unlit rural stretches) and dark junction spots
 *   (every road meeting there unlit and rural), then other unlit rural junctions and unlit black-spot
 *   stretches, ranked by their expected night crashes in the site model. A stretch gets 2–4 lights
 *   ≤ 250 m apart, so LIGHT_RADIUS covers all of it; a junction one. Sites keep 400 m apart, so a
 *   crash is in reach of one site at most.
 * - 第一盏灯: up to 23 lights in 东阿县, its dark spots first; 东阿 has only a few, so the rest go to
 *   its unlit junctions and stretches with the heaviest night traffic. Street and solar lights.
 * - 千路万盏: 30 flashing beacons (爆闪灯) at junctions of 阳谷县 where a county road (县道) meets
 *   others, all unlit, black spots first, then by night traffic (jittered, as a county's choice is).
 * - Other: five dark spots in the other counties, with the types brigades report.
 * - A quarter of each programme's sites are placebo: the lights stand there, light the road and are
 *   recorded, but the crashes do not fall (effect 1).
 * Units, costs and dates are plausible inventions. Every part draws from its own stream.
 */
import { dayNumber, isoDate } from '@shared/calendar/day-number';
import { hourTables } from './accident-attributes';
import { accidentNetwork, buildSites, DEFAULT_END_DATE, junctionWeight, SHARES, type SiteModel } from './accident-sites';
import { multiPolygonRings, PolygonIndex, toLonLat, toXY, type XY } from './geo';
import type { NetRoad } from './junctions';
import { Rng } from './random';
import { placeStem } from './road-names';
import type { BaseWorld, County, LonLat, RoadClass } from './types';

export type LightType = 'street_light' | 'solar_light' | 'flashing_beacon' | 'illuminated_sign' | 'other';
export type LightProgramme = 'first_light' | 'qianlu_wanzhan' | 'other'; // 第一盏灯, 千路万盏, other

export interface DemoLight {
  key: string; // stable within a seed, 'DL-371524-001'
  type: LightType;
  programme: LightProgramme;
  /** Where it stands in words: a junction ('X012阿刘线与李庄村路交叉口') or a stretch ('…李庄段 2号'). */
  name: string;
  lon: number; // WGS84, on the road's centreline, 6 decimals
  lat: number;
  countyCode: string;
  installedOn: string; // YYYY-MM-DD, 2023-01-01 … 2024-12-31
  installedBy: string;
  cost: number | null; // yuan
  status: 'working' | 'faulty' | 'removed';
  statusOn: string | null; // the day it became faulty or was removed
  /**
   * Multiplier on night crashes within LIGHT_RADIUS from installedOn until it fails or is removed
   * (a faulty light is dark, as the app's light_lights() has it): LIGHT_EFFECT, or 1 for placebo.
   */
  effect: number;
  placebo: boolean;
}

/**
 * Night crashes × 0.6 near a light (−40 %): within published effects of road lighting (FHWA:
 * intersection lighting −33 to −38 % night crashes; Minnesota rural intersections −37 %), a
 * little stronger so that a few years of a demo county show it.
 */
export const LIGHT_EFFECT = 0.6;
/** Metres of road a light lights around it (the app's light_radius_m). */
export const LIGHT_RADIUS = 150;
export const PLACEBO_SHARE = 0.25;

const FIRST_LIGHT = { county: '东阿县', lights: 23, from: '2023-03-01', to: '2024-10-31' };
const QIANLU = { county: '阳谷县', sites: 30, from: '2023-06-01', to: '2024-12-31' };
const OTHER = { sites: 5, from: '2023-01-01', to: '2024-12-31' };
const SITE_SPACING = 2 * LIGHT_RADIUS + 100; // m
const LIGHT_SPACING = 250; // m along a stretch: under 2 × LIGHT_RADIUS, so the lights cover it
/** Only these light the road (a crash under them is dark_lit); beacons and signs only warn. */
const LIGHTS_THE_ROAD = new Set<LightType>(['street_light', 'solar_light']);

// Yuan, from–to: a grid-fed LED pole with its cable; an all-in-one solar light; a solar beacon.
const COST: Record<LightType, [number, number]> = {
  street_light: [6500, 13000], solar_light: [2800, 6000], flashing_beacon: [800, 2600],
  illuminated_sign: [3500, 9000], other: [1500, 5000],
};

/** The demo lights of this world and accident seed: the same spots as generateAccidents(world, { seed }). */
export function demoLights(world: BaseWorld, seed: number, opts: { endDate?: string; years?: number } = {}): DemoLight[] {
  const { endDate = DEFAULT_END_DATE, years = 5 } = opts;
  const { net, junctions } = accidentNetwork(world);
  const sites = buildSites(world, net, junctions, years, endDate, new Rng(seed, 'accidents').fork('sites'));
  return planLights(world, net, sites, seed, endDate);
}

interface Site {
  road: number; // where the lights stand: `at` metres along this road
  legs: number[]; // the roads meeting there (the road itself for a stretch)
  at: number[];
  xy: XY[];
  junction: boolean;
  county: County;
  area: PolygonIndex; // the county's
  tier: 1 | 2; // 1: a dark black spot; 2: another unlit place
  night: number; // expected night crashes, share of all crashes
  countyLeg: boolean;
}

export function planLights(world: BaseWorld, net: NetRoad[], sites: SiteModel, seed: number, endDate: string): DemoLight[] {
  const rng = new Rng(seed, 'lights');
  const candidates = candidateSites(world, net, sites);
  const chosen: { site: Site; programme: LightProgramme }[] = [];
  const taken: XY[] = [];
  // Apart from the sites taken, and ≥ 20 m inside the county (a light on its line would be either's).
  const free = (s: Site) =>
    s.xy.every(([x, y]) => taken.every(([tx, ty]) => Math.hypot(x - tx, y - ty) >= SITE_SPACING)) &&
    s.xy.every((p) => s.area.signedDistance(p) > 20);
  const take = (s: Site, programme: LightProgramme) => {
    chosen.push({ site: s, programme });
    taken.push(...s.xy);
  };

  const firstLight = candidates.filter((s) => s.county.name === FIRST_LIGHT.county).sort((a, b) => a.tier - b.tier || b.night - a.night);
  let lights = 0;
  for (const s of firstLight) {
    const room = FIRST_LIGHT.lights - lights;
    if (room === 0) break;
    if (s.at.length > room && room < 2) continue;
    const fitted = s.at.length > room ? thin(s, room) : s;
    if (!free(fitted)) continue;
    take(fitted, 'first_light');
    lights += fitted.at.length;
  }

  const order = rng.fork('order');
  const jittered = (list: Site[]) =>
    list.map((s) => ({ s, key: s.night * Math.exp(order.normal(0, 0.3)) })).sort((a, b) => a.s.tier - b.s.tier || b.key - a.key).map((x) => x.s);
  const beacons = jittered(candidates.filter((s) => s.county.name === QIANLU.county && s.junction && s.countyLeg));
  for (const s of beacons) {
    if (chosen.filter((c) => c.programme === 'qianlu_wanzhan').length === QIANLU.sites) break;
    if (free(s)) take(s, 'qianlu_wanzhan');
  }

  const perCounty = new Map<string, number>();
  const others = jittered(candidates.filter((s) => s.tier === 1 && s.county.name !== FIRST_LIGHT.county && s.county.name !== QIANLU.county));
  for (const s of others) {
    if (chosen.filter((c) => c.programme === 'other').length === OTHER.sites) break;
    if ((perCounty.get(s.county.code) ?? 0) >= 2 || !free(s)) continue;
    take(s, 'other');
    perCounty.set(s.county.code, (perCounty.get(s.county.code) ?? 0) + 1);
  }

  return detail(world, net, chosen, rng, endDate);
}

/** Every dark place a light could go, with its county and expected night crashes. */
function candidateSites(world: BaseWorld, net: NetRoad[], sites: SiteModel): Site[] {
  const counties = world.counties.map((county) => ({ county, index: new PolygonIndex(multiPolygonRings(county.geometry)) }));
  const countyOf = (xy: XY[]) => counties.find(({ index }) => xy.every((p) => index.contains(p))) ?? null;
  const hours = hourTables();
  const nightShare = (spot: boolean) => {
    const t = hours.get('rural', false, true, spot);
    return (t[23] - t[18] + t[5]) / t[23]; // 19:00–05:59
  };
  const dark = (road: number) => !net[road].road.lit && !net[road].road.urban && net[road].road.class !== 'expressway';
  const spotRate = (i: number) => {
    const b = sites.blackSpots[i];
    const mean = b.yearFactor.reduce((s, f) => s + f, 0) / b.yearFactor.length;
    return (SHARES.blackSpot * b.weight * mean) / sites.blackSpotTables[0].total;
  };
  const spotAt = new Map<number, number>();
  sites.blackSpots.forEach((b, i) => b.junction !== null && spotAt.set(b.junction, i));

  const out: Site[] = [];
  sites.junctions.forEach((j, ji) => {
    if (!j.legs.every((l) => dark(l.road))) return;
    const xy = [xyAt(net[j.legs[0].road], j.legs[0].s)];
    const area = countyOf(xy);
    if (!area) return;
    const spot = spotAt.get(ji);
    const rate = (SHARES.junction * junctionWeight(j, net)) / sites.junctionTable.total + (spot === undefined ? 0 : spotRate(spot));
    out.push({
      road: j.legs[0].road, legs: j.legs.map((l) => l.road), at: [j.legs[0].s], xy, junction: true, county: area.county, area: area.index,
      tier: spot === undefined ? 2 : 1, night: rate * nightShare(false),
      countyLeg: j.legs.some((l) => net[l.road].road.class === 'county'),
    });
  });
  sites.blackSpots.forEach((b, i) => {
    if (b.junction !== null || !dark(b.road)) return;
    const n = Math.min(4, Math.max(2, Math.ceil((b.s1 - b.s0) / LIGHT_SPACING)));
    const at = Array.from({ length: n }, (_, k) => b.s0 + ((k + 0.5) * (b.s1 - b.s0)) / n);
    const xy = at.map((s) => xyAt(net[b.road], s));
    const area = countyOf(xy);
    if (!area) return;
    out.push({
      road: b.road, legs: [b.road], at, xy, junction: false, county: area.county, area: area.index, tier: b.night ? 1 : 2,
      night: spotRate(i) * nightShare(b.night), countyLeg: net[b.road].road.class === 'county',
    });
  });
  return out;
}

/** A stretch cut down to `n` lights, kept in its middle so they still touch one another's reach. */
function thin(s: Site, n: number): Site {
  const from = Math.floor((s.at.length - n) / 2);
  return { ...s, at: s.at.slice(from, from + n), xy: s.xy.slice(from, from + n) };
}

/** Type, day, unit, cost, status, placebo and key of each light of the chosen sites. */
function detail(world: BaseWorld, net: NetRoad[], chosen: { site: Site; programme: LightProgramme }[], rng: Rng, endDate: string): DemoLight[] {
  const dates = rng.fork('dates');
  const types = rng.fork('types');
  const units = rng.fork('units');
  const costs = rng.fork('cost');
  const status = rng.fork('status');
  const placebo = new Set<number>();
  const placeboRng = rng.fork('placebo');
  for (const programme of ['first_light', 'qianlu_wanzhan', 'other'] as const) {
    const ids = placeboRng.shuffle(chosen.flatMap((c, i) => (c.programme === programme ? [i] : [])));
    for (const i of ids.slice(0, Math.round(ids.length * PLACEBO_SHARE))) placebo.add(i);
  }

  const end = dayNumber(endDate);
  const rows: (DemoLight & { order: number })[] = [];
  chosen.forEach(({ site, programme }, i) => {
    const window = programme === 'first_light' ? FIRST_LIGHT : programme === 'qianlu_wanzhan' ? QIANLU : OTHER;
    const from = dayNumber(window.from);
    const installed = from + dates.int(dayNumber(window.to) - from + 1);
    const road = net[site.road].road;
    const type: LightType =
      programme === 'qianlu_wanzhan' ? 'flashing_beacon'
      : programme === 'first_light' ? (types.chance(site.junction ? 0.45 : 0.6) ? 'solar_light' : 'street_light')
      : types.weighted<LightType>(['street_light', 'solar_light', 'illuminated_sign', 'other'], [35, 35, 20, 10]);
    const installedBy = unit(programme, site.county, township(world, site), road.class, units);
    const name = placeName(world, net, site);
    site.xy.forEach((xy, k) => {
      const [lo, hi] = COST[type];
      const cost = costs.chance(0.1) ? null : Math.round((lo + costs.next() * (hi - lo)) / 100) * 100;
      // Faults reported in the last ten months and not yet repaired; a light is dark from its fault.
      const faultFrom = Math.max(installed + 90, end - 300);
      const faulty = faultFrom <= end && status.chance(0.06);
      const faultOn = faultFrom + status.int(end - faultFrom + 1);
      const [lon, lat] = toLonLat(xy);
      rows.push({
        key: '', type, programme, name: site.xy.length > 1 ? `${name} ${k + 1}号` : name, lon, lat,
        countyCode: site.county.code, installedOn: isoDate(installed), installedBy, cost,
        status: faulty ? 'faulty' : 'working', statusOn: faulty ? isoDate(faultOn) : null,
        effect: placebo.has(i) ? 1 : LIGHT_EFFECT, placebo: placebo.has(i), order: i * 10 + k,
      });
    });
  });

  // One or two taken down at least a year after they went up (a road widened, a pole in the way).
  const removable = rows.filter((r) => r.status === 'working' && dayNumber(r.installedOn) + 365 <= end - 60);
  for (let n = 1 + status.int(2); n > 0 && removable.length; n--) {
    const r = removable.splice(status.int(removable.length), 1)[0];
    const from = dayNumber(r.installedOn) + 365;
    r.status = 'removed';
    r.statusOn = isoDate(from + status.int(end - 60 - from + 1));
  }

  rows.sort((a, b) => a.countyCode.localeCompare(b.countyCode) || a.installedOn.localeCompare(b.installedOn) || a.order - b.order);
  const numbers = new Map<string, number>();
  return rows.map(({ order: _o, ...light }) => {
    const n = (numbers.get(light.countyCode) ?? 0) + 1;
    numbers.set(light.countyCode, n);
    return { ...light, key: `DL-${light.countyCode}-${String(n).padStart(3, '0')}` };
  });
}

/** Who put it up: the highway centre or transport bureau for trunk and county roads, the town for its own roads, the traffic police for beacons too. */
function unit(programme: LightProgramme, county: County, town: string | null, cls: RoadClass, rng: Rng): string {
  const c = county.name;
  const police = c.endsWith('区') ? `聊城市公安局交通警察支队${c}大队` : `${c}公安局交通警察大队`;
  const own = cls === 'township' || cls === 'village';
  const options: [string | null, number][] =
    programme === 'qianlu_wanzhan' ? [[`${c}公路事业发展中心`, 5], [police, 3], [`${c}交通运输局`, 2]]
    : [[`${c}公路事业发展中心`, own ? 1 : 5], [`${c}交通运输局`, 3], [town, own ? 5 : 1]];
  const usable = options.filter((o): o is [string, number] => o[0] !== null);
  return rng.weighted(usable.map((o) => o[0]), usable.map((o) => o[1]));
}

/** The government of the town nearest the site, in its county. */
function township(world: BaseWorld, site: Site): string | null {
  const t = nearest(world.townships.filter((x) => x.countyCode === site.county.code && x.point), (x) => x.point!, site.xy[0], Infinity);
  return t && (t.name.endsWith('街道') ? `${t.name}办事处` : `${t.name}人民政府`);
}

/** 'A与B交叉口' for a junction; '<road><nearest village>段' for a stretch. */
function placeName(world: BaseWorld, net: NetRoad[], site: Site): string {
  const names = [...new Set(site.legs.map((r) => net[r].road.name))];
  if (site.junction) return names.length > 1 ? `${names[0]}与${names[1]}交叉口` : `${names[0]}路口`;
  const village = nearest(world.villages.filter((v) => v.countyCode === site.county.code), (v) => v.point, site.xy[Math.floor(site.xy.length / 2)], 3000);
  const stem = village && placeStem(village.name);
  return stem && !names[0].includes(stem) ? `${names[0]}${stem}段` : `${names[0]}路段`;
}

function nearest<T>(items: T[], point: (t: T) => LonLat, [x, y]: XY, reach: number): T | null {
  let best: T | null = null;
  let bestD = reach;
  for (const item of items) {
    const [px, py] = toXY(point(item));
    const d = Math.hypot(px - x, py - y);
    if (d < bestD) [best, bestD] = [item, d];
  }
  return best;
}

/** The point `s` metres along the road, on its centreline (metric). */
function xyAt(r: NetRoad, s: number): XY {
  let i = 0;
  while (i + 2 < r.cum.length && r.cum[i + 1] <= s) i++;
  const span = r.cum[i + 1] - r.cum[i];
  const t = span > 0 ? Math.max(0, Math.min(1, (s - r.cum[i]) / span)) : 0;
  return [r.xy[i * 2] + t * (r.xy[i * 2 + 2] - r.xy[i * 2]), r.xy[i * 2 + 1] + t * (r.xy[i * 2 + 3] - r.xy[i * 2 + 1])];
}

/**
 * What the lights do to a dark crash at a place and day: the effect of the lights in reach that
 * work that day (put up, not yet faulty or removed), and whether one of them lights the road.
 * Lights bucketed in cells of LIGHT_RADIUS, so a query looks at the few in the 3 × 3 cells around.
 */
export class LightCover {
  private readonly cells = new Map<number, number[]>();
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly from: Int32Array;
  private readonly to: Float64Array;

  constructor(private readonly lights: DemoLight[]) {
    this.x = new Float64Array(lights.length);
    this.y = new Float64Array(lights.length);
    this.from = new Int32Array(lights.length);
    this.to = new Float64Array(lights.length);
    lights.forEach((l, i) => {
      [this.x[i], this.y[i]] = toXY([l.lon, l.lat]);
      this.from[i] = dayNumber(l.installedOn);
      this.to[i] = l.status === 'working' ? Infinity : dayNumber(l.statusOn!);
      const k = this.cell(this.x[i], this.y[i]);
      if (!this.cells.has(k)) this.cells.set(k, []);
      this.cells.get(k)!.push(i);
    });
  }

  private cell(x: number, y: number, di = 0, dj = 0): number {
    return (Math.floor(x / LIGHT_RADIUS) + di) * 100_003 + Math.floor(y / LIGHT_RADIUS) + dj;
  }

  at([x, y]: XY, day: number): { effect: number; lit: boolean } | null {
    let found = false;
    let effect = 1;
    let lit = false;
    for (let di = -1; di <= 1; di++)
      for (let dj = -1; dj <= 1; dj++)
        for (const i of this.cells.get(this.cell(x, y, di, dj)) ?? []) {
          if (day < this.from[i] || day >= this.to[i] || Math.hypot(this.x[i] - x, this.y[i] - y) > LIGHT_RADIUS) continue;
          found = true;
          effect = Math.min(effect, this.lights[i].effect);
          lit ||= LIGHTS_THE_ROAD.has(this.lights[i].type);
        }
    return found ? { effect, lit } : null;
  }
}
