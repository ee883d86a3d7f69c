import type { InputCrs } from '../lib/china-crs';
import { rowPoint, RowError, sheetDateTime } from '../lib/row-import';
import { ACCIDENT_COLUMNS, type AccidentColumn } from '@shared/accidents/accident-columns';
import { stakeKm } from '@shared/roads/stake';

export { ACCIDENT_COLUMNS, ACCIDENT_REQUIRED, type AccidentColumn } from '@shared/accidents/accident-columns';

/**
 * One row of a brigade's accident export read into a record, before anything touches the
 * database: every field checked, translated to the codes the analyses use, or the row refused
 * with the column and why. Placing it, and whether its 事故编号 is already stored, is the
 * database's part (import.ts).
 */

/** 天气 as GA/T 16 and brigade exports word it; the analyses' codes, null for 大风, 沙尘, 其他. */
const WEATHER: [RegExp, string | null][] = [
  [/^(晴|晴天|clear)$/i, 'clear'],
  [/^(阴|阴天|多云|cloudy)$/i, 'cloudy'],
  [/^(雨|小雨|中雨|大雨|暴雨|雨天|阵雨|rain)$/i, 'rain'],
  [/^(雾|大雾|雾天|霾|fog)$/i, 'fog'],
  [/^(雪|小雪|中雪|大雪|雨夹雪|雪天|snow)$/i, 'snow'],
  [/^(大风|沙尘|冰雹|其他|其它|不详)$/, null],
];

/** 照明条件; `dark` when the export only says 夜间 (lit or not is the road's). */
const LIGHT: [RegExp, 'day' | 'dusk' | 'dark_lit' | 'dark_unlit' | 'dark'][] = [
  [/^(白天|白昼|day)$/i, 'day'],
  [/^(黎明|黄昏|晨昏|dusk)$/i, 'dusk'],
  [/^(夜间)?有路灯(照明)?$|^dark_lit$/i, 'dark_lit'],
  [/^(夜间)?无路灯(照明)?$|^dark_unlit$/i, 'dark_unlit'],
  [/^(夜间|夜晚|dark)$/i, 'dark'],
];

/** 当事人交通方式 / 车辆类型 words, first match wins; the codes are the accidents layer's. */
const VEHICLE: [RegExp, string][] = [
  [/行人|步行|pedestrian/i, 'pedestrian'],
  [/拖拉机|农用|tractor/i, 'tractor'],
  [/三轮|tricycle/i, 'tricycle'],
  [/电动自行车|电动车|电瓶车|ebike/i, 'ebike'],
  [/摩托|motorcycle/i, 'motorcycle'],
  [/自行车|bicycle/i, 'bicycle'],
  [/货车|挂车|半挂|罐车|自卸|truck/i, 'truck'],
  [/客车|公交|大巴|校车|bus/i, 'bus'],
  [/汽车|轿车|小客|面包|越野|car/i, 'car'],
];

/** An accident row read: what it says, in the analyses' codes; `lon`/`lat` WGS84 when the row has them. */
export interface AccidentRecord {
  row: number;
  externalId: string;
  /** ISO time at +08:00. */
  occurredAt: string;
  deaths: number;
  injuries: number;
  severity: 'fatal' | 'injury' | 'pdo';
  loss: number | null;
  manner: string | null;
  place: string | null;
  weather: string | null;
  /** `dark`: at night, lit or not as the road it is on (import.ts). */
  light: 'day' | 'dusk' | 'dark_lit' | 'dark_unlit' | 'dark';
  vehicles: string[];
  roadName: string | null;
  stake: string | null;
  km: number | null;
  lon: number | null;
  lat: number | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

function count(get: (c: AccidentColumn) => string, c: AccidentColumn): number {
  const raw = get(c).replace(/人$/, '');
  if (raw === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw new RowError(c, `"${get(c)}" is not a count of people (0–1000)`, 'not_a_count');
  return n;
}

/** The years an accident may be from: 2000 to now (a date in the future is a typing slip). */
const FIRST_YEAR = 2000;

/** Reads one row; throws RowError naming the column at fault. `now` bounds the time (no future accidents). */
export function readAccidentRow(row: number, get: (c: AccidentColumn) => string, crs: InputCrs, now: Date): AccidentRecord {
  for (const k of Object.keys(ACCIDENT_COLUMNS) as AccidentColumn[]) {
    if (get(k).includes('\u0000')) throw new RowError(k, 'contains a NUL character', 'nul');
    if (get(k).length > 500) throw new RowError(k, 'longer than 500 characters', 'too_long');
  }
  const externalId = get('externalId');
  if (!externalId) throw new RowError('externalId', 'empty: each accident needs its 事故编号', 'required');
  if (externalId.length > 60) throw new RowError('externalId', 'longer than 60 characters', 'too_long');

  const rawTime = get('occurredAt');
  if (!rawTime) throw new RowError('occurredAt', 'empty', 'required');
  // A day alone has no time of day, which the analyses need (day, night, rush hour).
  const t = sheetDateTime(rawTime);
  if (t === null) throw new RowError('occurredAt', `"${rawTime}" is not a date and time that exists (2025-03-04 08:30)`, 'not_a_time');
  if (t.time === null) throw new RowError('occurredAt', `"${rawTime}" has a day but no time of day (2025-03-04 08:30)`, 'no_time');
  const { h, mi, s: sec } = t.time;
  const occurredAt = `${t.y}-${pad(t.mo)}-${pad(t.d)}T${pad(h)}:${pad(mi)}:${pad(sec)}+08:00`;
  if (t.y < FIRST_YEAR) throw new RowError('occurredAt', `${occurredAt.slice(0, 10)} is before ${FIRST_YEAR}`, 'too_early');
  if (new Date(occurredAt).getTime() > now.getTime() + 3_600_000) throw new RowError('occurredAt', `${occurredAt.slice(0, 16).replace('T', ' ')} is in the future`, 'future');

  const deaths = count(get, 'deaths');
  const injuries = count(get, 'injuries');
  const rawLoss = get('loss').replace(/[,，\s]|元$/g, '');
  const loss = rawLoss === '' ? null : Number(rawLoss);
  if (loss !== null && (!Number.isFinite(loss) || loss < 0 || loss >= 1e12)) throw new RowError('loss', `"${get('loss')}" is not an amount in yuan`, 'not_a_number');

  const rawWeather = get('weather');
  const weather = rawWeather ? WEATHER.find(([re]) => re.test(rawWeather)) : undefined;
  if (rawWeather && !weather) throw new RowError('weather', `unknown weather "${rawWeather}" (晴、阴、雨、雾、雪、大风、沙尘 or 其他)`, 'unknown_weather');

  const rawLight = get('light');
  const lightMatch = rawLight ? LIGHT.find(([re]) => re.test(rawLight))?.[1] : undefined;
  if (rawLight && !lightMatch) throw new RowError('light', `unknown lighting "${rawLight}" (白天、黎明、黄昏、夜间有路灯照明 or 夜间无路灯照明)`, 'unknown_light');
  // Without 照明条件, the hour says day, dusk or night (and the road whether night was lit).
  const light = lightMatch ?? (h >= 7 && h < 18 ? 'day' : (h >= 5 && h < 7) || (h >= 18 && h < 20) ? 'dusk' : 'dark');

  const vehicles: string[] = [];
  for (const word of get('vehicles').split(/[、,，;；/／+＋\s]+/).filter(Boolean)) {
    if (/^(其他|其它|无|不详)$/.test(word)) continue;
    const code = VEHICLE.find(([re]) => re.test(word))?.[1];
    if (!code) throw new RowError('vehicles', `unknown way of travel "${word}" (小型汽车、货车、客车、电动自行车、三轮车、摩托车、自行车、行人、拖拉机 …)`, 'unknown_vehicle');
    if (!vehicles.includes(code)) vehicles.push(code);
  }

  const stake = get('stake') || null;
  const km = stake === null ? null : stakeKm(stake);
  if (stake !== null && km === null) throw new RowError('stake', `"${stake}" is not a 桩号 (K12+300)`, 'not_a_stake');

  let lon: number | null = null;
  let lat: number | null = null;
  const [rawLon, rawLat] = [get('lon'), get('lat')];
  if (rawLon !== '' || rawLat !== '') {
    if (rawLon === '' || rawLat === '') throw new RowError(rawLon === '' ? 'lon' : 'lat', 'a longitude and a latitude go together', 'required');
    [lon, lat] = rowPoint(Number(rawLon), Number(rawLat), crs);
  } else if (km === null || !get('roadName')) {
    throw new RowError('lon', 'no coordinates, and no road with a 桩号 to place it by', 'no_location');
  }

  return {
    row,
    externalId,
    occurredAt,
    deaths,
    injuries,
    severity: deaths > 0 ? 'fatal' : injuries > 0 ? 'injury' : 'pdo',
    loss,
    manner: get('manner') || null,
    place: get('place') || null,
    weather: weather?.[1] ?? null,
    light,
    vehicles,
    roadName: get('roadName') || null,
    stake,
    km,
    lon,
    lat,
  };
}
