/**
 * What an accident is like, given where and when: hour of day, light, weather, the parties'
 * vehicle types, and severity. Shapes follow what Chinese police statistics and road-safety
 * studies report in outline (morning and evening peaks; rural crashes later in the evening; e-bikes,
 * tricycles and pedestrians most exposed; trucks over-represented on national roads; darkness,
 * fog and speed raising the fatal share); the numbers are this generator's.
 */
import type { Day } from './accident-calendar';
import type { Rng } from './random';
import type { LightCondition, RoadClass, Severity, VehicleType, Weather } from './types';

export type RoadGroup = 'expressway' | 'trunk' | 'rural' | 'urban';

export function roadGroup(cls: RoadClass): RoadGroup {
  if (cls === 'expressway') return 'expressway';
  if (cls === 'national' || cls === 'provincial') return 'trunk';
  if (cls === 'urban_arterial' || cls === 'urban_street') return 'urban';
  return 'rural';
}

// Relative crashes by hour, 0–23.
const URBAN_HOURS = [1.2, 0.9, 0.7, 0.6, 0.7, 1.2, 2.6, 5.6, 6, 5, 4.9, 5.2, 4.6, 4.4, 4.7, 5, 5.6, 7.2, 7, 5.6, 4.4, 3.5, 2.6, 1.8];
const RURAL_HOURS = [1.3, 1, 0.8, 0.8, 1, 1.8, 3.2, 5, 5, 4.6, 4.5, 4.8, 4.4, 4, 4.3, 4.6, 5.2, 6.6, 7, 6, 4.6, 3.5, 2.6, 1.9];
const EXPRESSWAY_HOURS = [2.6, 2.4, 2.4, 2.5, 2.8, 3, 3.4, 4, 4.3, 4.5, 4.6, 4.6, 4.4, 4.4, 4.6, 4.8, 5, 5, 4.8, 4.4, 4, 3.6, 3.2, 2.9];
const NIGHT_SPOT_HOURS = [3, 2.2, 1.6, 1.4, 1.6, 2.4, 2, 1.5, 1.2, 1, 1, 1, 1, 1, 1, 1.1, 1.4, 3, 6.5, 8, 7.5, 6, 4.8, 3.8];

export interface HourTables {
  /** Cumulative weights, keyed group|weekend|unlit|nightSpot. */
  get(group: RoadGroup, weekend: boolean, unlit: boolean, nightSpot: boolean): Float64Array;
}

export function hourTables(): HourTables {
  const cache = new Map<string, Float64Array>();
  return {
    get(group, weekend, unlit, nightSpot) {
      const key = `${group}${+weekend}${+unlit}${+nightSpot}`;
      let t = cache.get(key);
      if (!t) {
        const base = nightSpot ? NIGHT_SPOT_HOURS : group === 'urban' ? URBAN_HOURS : group === 'expressway' ? EXPRESSWAY_HOURS : RURAL_HOURS;
        const w = base.map((v, h) => {
          let x = v;
          if (weekend && (h === 7 || h === 8)) x *= 0.65; // no school run, no commute
          if (weekend && h >= 10 && h <= 16) x *= 1.12;
          if (unlit && (h >= 19 || h <= 5)) x *= 1.3; // unlit rural roads: dark hours worse
          return x;
        });
        t = new Float64Array(24);
        let s = 0;
        w.forEach((v, h) => (t![h] = s += v));
        cache.set(key, t);
      }
      return t;
    },
  };
}

export function drawHour(table: Float64Array, rng: Rng): number {
  const r = rng.next() * table[23];
  let h = 0;
  while (table[h] <= r) h++;
  return h;
}

/** Day, dusk (±25 min of sunrise or sunset, civil twilight here), or dark lit / unlit. */
export function lightAt(minute: number, sun: { sunrise: number; sunset: number }, lit: boolean): LightCondition {
  if (minute >= sun.sunrise + 25 && minute <= sun.sunset - 25) return 'day';
  if (Math.abs(minute - sun.sunrise) < 25 || Math.abs(minute - sun.sunset) < 25) return 'dusk';
  return lit ? 'dark_lit' : 'dark_unlit';
}

export function accidentWeather(day: Day, hour: number, rng: Rng): Weather {
  const r = rng.next();
  switch (day.weather) {
    case 'clear': return r < 0.95 ? 'clear' : 'cloudy';
    case 'cloudy': return r < 0.88 ? 'cloudy' : 'clear';
    case 'rain': return r < 0.75 ? 'rain' : 'cloudy';
    case 'snow': return r < 0.8 ? 'snow' : 'cloudy';
    case 'fog': return (hour >= 18 || hour <= 10 ? r < 0.85 : r < 0.3) ? 'fog' : 'cloudy';
  }
}

const VEHICLES: VehicleType[] = ['car', 'truck', 'bus', 'ebike', 'tricycle', 'motorcycle', 'bicycle', 'pedestrian', 'tractor'];
const PARTY_MIX: Record<RoadGroup, number[]> = {
  //           car   truck  bus   ebike tricyc moto  bike  ped   tractor
  urban:      [0.46, 0.05, 0.03, 0.2, 0.06, 0.04, 0.05, 0.09, 0],
  trunk:      [0.44, 0.26, 0.03, 0.1, 0.07, 0.05, 0.01, 0.03, 0.01],
  rural:      [0.3, 0.07, 0.01, 0.22, 0.17, 0.1, 0.04, 0.05, 0.04],
  expressway: [0.62, 0.33, 0.05, 0, 0, 0, 0, 0, 0],
};

/** Parties' vehicle types, distinct, main party first. Pedestrians are never the only party. */
export function drawVehicles(group: RoadGroup, day: Day, weather: Weather, rng: Rng, mixes: Map<string, number[]>): VehicleType[] {
  const key = `${group}${+day.harvest}${+(day.month <= 2 || day.month === 12)}`;
  let mix = mixes.get(key);
  if (!mix) {
    mix = PARTY_MIX[group].map((w, i) => {
      if (day.harvest && VEHICLES[i] === 'tractor') return w * 3; // 三夏/三秋: farm vehicles out
      if (day.harvest && VEHICLES[i] === 'tricycle') return w * 1.4;
      if ((day.month <= 2 || day.month === 12) && (VEHICLES[i] === 'ebike' || VEHICLES[i] === 'bicycle')) return w * 0.75;
      return w;
    });
    mixes.set(key, mix);
  }
  const r = rng.next();
  const pileup = group === 'expressway' || weather === 'fog' ? 0.2 : 0.1;
  const parties = r < 0.2 ? 1 : r < 1 - pileup ? 2 : 3;
  const out: VehicleType[] = [];
  for (let i = 0; i < parties; i++) {
    let v = VEHICLES[rng.weightedIndex(mix)];
    for (let k = 0; k < 5 && v === 'pedestrian' && i === 0; k++) v = VEHICLES[rng.weightedIndex(mix)];
    if (v === 'pedestrian' && i === 0) v = 'car';
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

const LIGHT_FATAL: Record<LightCondition, number> = { day: 1, dusk: 1.3, dark_lit: 1.5, dark_unlit: 2.6 };
const CLASS_FATAL: Record<RoadClass, number> = {
  expressway: 2, national: 1.8, provincial: 1.5, county: 1.2, township: 1, village: 0.9, urban_arterial: 0.8, urban_street: 0.45,
};
const WEATHER_FATAL: Record<Weather, number> = { clear: 1, cloudy: 1, rain: 1.15, fog: 1.6, snow: 1.2 };
const VULNERABLE = new Set<VehicleType>(['pedestrian', 'ebike', 'tricycle', 'motorcycle', 'bicycle']);

/** Relative odds of a fatal and of an injury outcome; calibrated to shares by the caller. */
export function severityFactors(cls: RoadClass, light: LightCondition, weather: Weather, vehicles: VehicleType[]) {
  const vulnerable = vehicles.some((v) => VULNERABLE.has(v));
  let fatal = LIGHT_FATAL[light] * CLASS_FATAL[cls] * WEATHER_FATAL[weather];
  if (vulnerable) fatal *= 1.5;
  if (vehicles.includes('truck')) fatal *= 1.6;
  if (vehicles.includes('tractor')) fatal *= 1.4;
  let injury = vulnerable ? 1.6 : 1;
  if (vehicles.includes('pedestrian')) injury *= 1.15;
  if (light !== 'day') injury *= 1.15;
  if (cls === 'urban_street') injury *= 0.9;
  return { fatal, injury };
}

export function drawSeverity(f: { fatal: number; injury: number }, base: { fatal: number; injury: number }, rng: Rng): Severity {
  const pf = Math.min(0.5, base.fatal * f.fatal);
  const r = rng.next();
  if (r < pf) return 'fatal';
  const pi = Math.min(0.92, base.injury * f.injury);
  return rng.next() < pi ? 'injury' : 'pdo';
}

/** Deaths and injuries: most fatal crashes kill one; buses and pile-ups hurt more people. */
export function drawCasualties(severity: Severity, vehicles: VehicleType[], rng: Rng): { deaths: number; injuries: number } {
  const extra = (vehicles.includes('bus') ? 2 : 0) + (vehicles.length >= 3 ? 0.8 : 0);
  if (severity === 'pdo') return { deaths: 0, injuries: 0 };
  if (severity === 'fatal') {
    const r = rng.next();
    const deaths = r < 0.87 ? 1 : r < 0.97 ? 2 : r < 0.995 ? 3 : 4;
    return { deaths, injuries: rng.poisson(0.6 + extra) };
  }
  const r = rng.next();
  return { deaths: 0, injuries: (r < 0.72 ? 1 : r < 0.91 ? 2 : r < 0.97 ? 3 : 4) + rng.poisson(extra) };
}
