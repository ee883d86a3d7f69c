import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@data/generator/random';
import { signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * A seeded fuzz of every query parameter, JSON body field and form field docs/API.md documents:
 * each gets a few values drawn from generators (the parameter's valid value mutated — dates off by
 * one field, year 0 and 9999, 30 February, 0, -1, NaN, 1e309, 2^31, 2^63, twenty digits, comma lists
 * with unknown members, 10 kB text, NUL, unicode, broken percent escapes, arrays for objects, nested
 * objects, null, booleans), and a few requests combine two or three parameters. No answer may be a
 * 5xx, and every 4xx has the error shape `{ error: { code, message, requestId, details? } }`.
 *
 * The fuzz list below is data; the first test parses API.md and fails when it documents a route or a
 * parameter the list lacks, so the fuzz cannot fall behind the docs. tests/api/no-500.test.ts holds
 * the hand-picked bad values with the exact answer each must get; this one only asks for "not a 500".
 *
 * Writes change nothing others read: they go to the test's own hazards, to ids no row has
 * (2 147 483 647), or carry a value that is refused after the fuzzed field has been read (a `guard`:
 * a point outside Liaocheng, an unknown hazard or market, a stale version), inside a transaction that
 * is rolled back. Writes to what every test shares (the sight-line settings, the school calendar's
 * version) are sent as the leader, who is refused (403) only after the body has been validated.
 */

const SEED = 20261203;
/** Values per parameter; heavy analyses (hotspots, candidates, evaluation, zone statistics) get fewer. */
const PER_PARAM = 7;
const PER_PARAM_HEAVY = 3;
/** Requests per route that fuzz two or three parameters at once. */
const COMBOS = 3;
const COMBOS_HEAVY = 1;
/** A whole number that fits every id column and that no row has. */
const NONE = 2_147_483_647;

/** `n` distinct members of `xs` (all of them when fewer), in the order drawn. */
function sample<T>(rng: Rng, xs: readonly T[], n: number): T[] {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(rng.int(pool.length), 1)[0]);
  return out;
}

/** Text sent as it is: a JSON number JSON.stringify cannot write (1e309, 2^63), or a query value not percent-encoded (`%`). */
class Raw {
  constructor(readonly text: string) {}
}
/** A file in a multipart form. */
class Upload {
  constructor(readonly name: string, readonly bytes: string | Uint8Array<ArrayBuffer>) {}
}

function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v) => (v instanceof Raw ? `\u0001${raws.push(v.text) - 1}\u0001` : v)) ?? '';
  return text.replace(/"\\u0001(\d+)\\u0001"/g, (_m, i) => raws[Number(i)]);
}
/** A value as a failure message shows it: JSON-escaped, long ones cut. */
function show(value: unknown): string {
  const text = value instanceof Upload ? `file ${JSON.stringify(value.name)} (${value.bytes.length} bytes)` : value instanceof Raw ? `raw ${JSON.stringify(value.text)}` : toJson(value);
  return text.length > 160 ? `${text.slice(0, 120)}… (${text.length} characters)` : text;
}

// ---------------------------------------------------------------- generators

const LONG = 'x'.repeat(10 * 1024);
const deep = (n: number): unknown => (n === 0 ? 1 : { a: deep(n - 1) });
const pad2 = (n: number) => String(n).padStart(2, '0');
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
const isTime = (s: string) => /^\d{2}:\d{2}$/.test(s);

function dateMutations(d: string): string[] {
  const [y, m, day] = d.split('-').map(Number);
  return [
    `${y + 1}-${pad2(m)}-${pad2(day)}`, `${y}-${pad2(m + 1)}-${pad2(day)}`, `${y}-${pad2(m)}-${pad2(day + 1)}`, `${y}-${pad2(m)}-${pad2(day - 1)}`,
    `0000-${pad2(m)}-${pad2(day)}`, `9999-${pad2(m)}-${pad2(day)}`, `${y}-02-30`, `${y}-00-${pad2(day)}`, `${y}-13-${pad2(day)}`, `${y}-${pad2(m)}-32`,
    '1899-12-31', '2101-01-01', '2023-02-29', '2024-02-29', `${y}${pad2(m)}${pad2(day)}`, d.replace(/-/g, '/'), `${d}T00:00:00Z`, `+${d}`,
    `-${d}`, `${y}-${m}-${day}`, `${d}\u0000`, `${d} `, '２０２４-０５-０１',
  ];
}
const timeMutations = (t: string) => ['24:00', '23:60', '7:00', `${t}:00`, '-1:00', '00:00', '23:59', `${t}\u0000`, '12:5', '١٢:٠٠'];
const numberMutations = (v: number): unknown[] => [
  0, -1, -v, v - 1, v + 1, v + 0.5, v * 1e6, new Raw('1e309'), new Raw('-1e309'), 2 ** 31, 2 ** 31 - 1, new Raw('9223372036854775808'),
  new Raw('99999999999999999999'), 5e-324, Number.MAX_SAFE_INTEGER + 2, String(v),
];

/** A copy of `v` with one leaf (chosen by `rng`) replaced by one of its own mutations. */
function mutateLeaf(rng: Rng, v: unknown): unknown {
  if (Array.isArray(v)) {
    if (!v.length) return [rng.pick(scalarMutations(rng, 0))];
    const i = rng.int(v.length);
    return v.map((x, k) => (k === i ? mutateLeaf(rng, x) : x));
  }
  if (v && typeof v === 'object' && !(v instanceof Raw)) {
    const keys = Object.keys(v);
    if (!keys.length) return { zzz: 1 };
    const key = rng.pick(keys);
    return { ...v, [key]: mutateLeaf(rng, (v as Record<string, unknown>)[key]) };
  }
  return rng.pick(scalarMutations(rng, v));
}

function scalarMutations(rng: Rng, v: unknown): unknown[] {
  if (typeof v === 'number') return numberMutations(v);
  if (typeof v === 'boolean') return ['true', 1, 0, !v, null];
  if (typeof v === 'string') {
    if (isDate(v)) return dateMutations(v);
    if (isTime(v)) return timeMutations(v);
    return [`${v}\u0000`, v.padEnd(10 * 1024, 'x'), ` ${v} `, v.toUpperCase(), `${v},zzz`, '   ', '', '\ud800', 5];
  }
  return [null, 0, '', []];
}

/** Values for a JSON field whose valid value is `valid`: its own mutations and the type confusions every field gets. */
function jsonPool(rng: Rng, valid: unknown): unknown[] {
  const every: unknown[] = [
    null, true, false, 0, -1, new Raw('1e309'), 2 ** 31, new Raw('9223372036854775808'), new Raw('99999999999999999999'), 0.5, '', LONG,
    'a\u0000b', '%', '\ud800', '聊城🚗\u202e', [], [valid], {}, deep(64), new Raw('{"__proto__":{"polluted":true}}'), new Raw('{"a":1,"a":{"b":[]}}'),
  ];
  let own: unknown[];
  if (Array.isArray(valid)) {
    own = [[...valid, ...valid], [...valid].reverse(), Array(1000).fill(valid[0] ?? 1), valid.map(() => null), [valid], mutateLeaf(rng, valid), mutateLeaf(rng, valid), mutateLeaf(rng, valid)];
  } else if (valid && typeof valid === 'object') {
    const keys = Object.keys(valid);
    const drop = rng.pick(keys);
    own = [
      { ...valid, zzz: 1 }, Object.fromEntries(Object.entries(valid).filter(([k]) => k !== drop)), Object.values(valid),
      { ...valid, [drop]: [(valid as Record<string, unknown>)[drop]] }, mutateLeaf(rng, valid), mutateLeaf(rng, valid), mutateLeaf(rng, valid),
    ];
  } else {
    own = scalarMutations(rng, valid);
  }
  return [...own, ...own, ...every];
}

/** Values for a query parameter whose valid value is `valid` (a string): by what it looks like, and what every parameter gets. */
function queryPool(rng: Rng, valid: string): unknown[] {
  const every: unknown[] = [
    '', LONG, 'a\u0000b', new Raw('%'), new Raw('%E0%A4%A'), new Raw('%ED%A0%80'), new Raw('%00'), '聊城🚗', [valid, valid], `${valid},zzz`, ` ${valid} `, `${valid}\u0000`,
  ];
  let own: unknown[] = [];
  const parts = valid.split(',');
  if (isDate(valid)) own = dateMutations(valid);
  else if (/^-?\d+(\.\d+)?$/.test(valid)) {
    const v = Number(valid);
    own = ['0', '-1', 'NaN', 'Infinity', '1e309', '2147483648', '9223372036854775808', '99999999999999999999', '1.5', String(v - 1), String(v + 1), String(-v), `${valid}.5`, '0x10', '１２', `${valid}e0`, '-0', '5e-324'];
    if (/^\d{6,9}$/.test(valid)) own.push('000000', valid.slice(0, -1), `${valid}0`, [...valid].reverse().join(''));
  } else if (parts.length === 4 && parts.every((p) => p !== '' && Number.isFinite(Number(p)))) {
    const [a, b, c, d] = parts.map(Number);
    own = [
      `${b},${a},${d},${c}`, `${c},${d},${a},${b}`, `${a * 1e5},${b * 1e5},${c * 1e5},${d * 1e5}`, `${a},${b},${c}`, 'a,b,c,d', `${a},${b},${a},${b}`, '-180,-90,180,90',
      'NaN,NaN,NaN,NaN', `1e309,${b},1e310,${d}`, `${valid},5`, ',,,', '0,0,1,1', `${a},${b},${c},1e309`, `${a},-91,${c},91`,
    ];
  } else if (/^[[{]/.test(valid)) {
    const v = JSON.parse(valid) as unknown;
    own = [
      ...jsonPool(rng, v).slice(0, 10).map((x) => toJson(x)), '[', '{"a":', 'null', '[]', '{}', '[{}]', '"default"', `${'['.repeat(3000)}${']'.repeat(3000)}`,
      toJson(Array(21).fill(Array.isArray(v) ? v[0] : v)),
    ];
  } else if (parts.length > 1) {
    own = [',', ',,', `${valid},${valid}`, Array(300).fill(parts[0]).join(','), `${valid},`, 'zzz', valid.toUpperCase()];
  } else {
    own = [valid.toUpperCase(), 'zzz', `${valid}s`, `${valid},zzz`, valid.slice(1), 'true', '1'];
  }
  return [...own, ...own, ...every];
}

/** Values for a multipart field: files that hold no row an import could save, and text. */
function formPool(rng: Rng, valid: unknown): unknown[] {
  const files = [
    new Upload('empty.csv', ''), new Upload('binary.csv', new Uint8Array([0, 1, 2, 255, 254, 0])), new Upload('bom.csv', '\ufeff'),
    new Upload('other.csv', 'a,b,c\n1,2,3\n'), new Upload('zip.xlsx', 'PK\u0003\u0004 not a workbook'), new Upload('broken.geojson', '{"type":"FeatureCollection","features":'),
    new Upload('nulls.geojson', '{"type":"FeatureCollection","features":[null,1,"x",[],{"type":"Feature","geometry":null,"properties":null}]}'),
    new Upload('long.csv', LONG), new Upload('台账\u0000.csv', 'x'), new Upload('no-extension', 'x'), new Upload('photo.jpg', '\u00ff\u00d8\u00ff not a jpeg'),
  ];
  const texts = ['', LONG, 'a\u0000b', 'WGS84', 'gcj-02', 'bd09 ', 'true', 'false', '1', '聊城🚗', 'null'];
  return valid instanceof Upload ? [...files, ...files, 'just text', ''] : [...scalarMutations(rng, valid), ...texts, files[3]];
}

// ---------------------------------------------------------------- the fuzz list

type Who = 'anon' | 'admin' | 'leader';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Values = Record<string, unknown>;

/** What the fixtures read from the database before the run, and the test's own rows. */
interface Ctx {
  bbox: string;
  county: string;
  township: string;
  from: string;
  to: string;
  /** A day with data on both sides, for evaluations. */
  midDate: string;
  accident: number;
  intersection: number;
  light: number;
  market: number;
  marketGeometry: unknown;
  school: number;
  gate: number;
  /** The test's own hazards: B is edited and takes photos, C goes through transitions (it starts assigned). */
  hazardB: number;
  hazardC: number;
  unitC: string;
  version: (hazard: number) => Promise<number>;
}

interface Spec {
  /** As API.md writes it. */
  route: string;
  /** The path sent; the route's own path by default. */
  path?: (x: Ctx) => string;
  /** Fuzzed parameters by where they go, each with a valid value. */
  query?: (x: Ctx) => Values;
  json?: (x: Ctx) => Values;
  form?: (x: Ctx) => Values;
  /** Sent with every request (each fuzzed parameter replaces its own), resolved fresh before each request. */
  base?: (x: Ctx) => Values | Promise<Values>;
  /** Where sending a fuzzed parameter needs a different base, path or user (so a valid value still changes nothing shared). */
  vary?: Record<string, { base?: (x: Ctx, base: Values) => Values; path?: (x: Ctx) => string; who?: Who[] }>;
  who: Who[];
  heavy?: boolean;
  /** The request's body as bytes (an upload sent whole, its choices in the query). */
  raw?: () => Uint8Array;
}

const method = (s: Spec) => s.route.split(' ')[0] as Method;
const OUTSIDE: [number, number] = [100, 30];
const OUTSIDE_POLYGON = { type: 'Polygon', coordinates: [[[100, 30], [100.0001, 30], [100.0001, 30.0001], [100, 30]]] };
const AUDIT = ['speed_limit_30', 'children_signs', 'crossing', 'hatched_markings', 'speed_humps', 'cameras', 'lighting', 'guard_post'].map((item) => ({ item, result: 'pass', note: 'fuzz' }));
const GUARD_HOURS = [{ label: 'arrival', from: '07:00', to: '08:00' }];
const RULES = JSON.stringify([{ id: 'fuzz', name: '模糊', nameEn: 'fuzz', months: 12, condition: 'fatal >= 1 or injury >= 2' }]);
const analysisFilters = (x: Ctx) => ({ from: x.from, to: x.to, severity: 'fatal,injury', night: 'true', county: x.county, township: x.township });
const area = (x: Ctx) => ({ county: x.county, brigade: x.county, township: x.township });
const hazardFilters = (x: Ctx) => ({ status: 'registered,assigned', type: 'other,school', county: x.county, township: x.township, overdue: 'false', bbox: x.bbox, q: '路' });
const csv = (header: string) => new Upload('fuzz.csv', `${header}\n`);

const SPECS: Spec[] = [
  { route: 'POST /api/auth/login', who: ['anon'], json: () => ({ username: 'nobody.fuzz', password: 'not the password' }) },
  // Anonymous: a signed-in client would end the session the other requests use.
  { route: 'POST /api/auth/logout', who: ['anon'] },
  { route: 'GET /api/auth/me', who: ['anon', 'admin'] },
  { route: 'GET /api/health', who: ['anon'] },
  { route: 'GET /api/config', who: ['anon'] },
  { route: 'GET /api/jobs/:id', who: ['anon', 'admin'], path: () => '/api/jobs/2147483647' },
  { route: 'GET /api/jurisdictions', who: ['anon'], query: () => ({ level: 'county', code: '371524' }) },
  { route: 'GET /api/roads', who: ['anon'], query: (x) => ({ bbox: x.bbox, class: 'national,provincial' }), base: (x) => ({ bbox: x.bbox }) },
  { route: 'GET /api/roads/network', who: ['anon'] },
  { route: 'GET /api/places', who: ['anon'], query: () => ({ kind: 'county_seat,township' }) },
  { route: 'GET /api/search', who: ['anon', 'admin'], query: () => ({ q: '东昌路与柳园路' }) },
  { route: 'GET /api/accidents', who: ['anon'], query: (x) => ({ bbox: x.bbox, from: x.from, to: x.to, severity: 'fatal,injury', format: 'binary' }) },
  { route: 'GET /api/accidents/in-area', who: ['anon'], query: () => ({ area: '371524' }) },
  { route: 'GET /api/accidents/:id', who: ['anon'], path: (x) => `/api/accidents/${x.accident}` },
  { route: 'GET /api/hotspots/clusters', who: ['anon'], heavy: true, query: (x) => ({ ...analysisFilters(x), eps: '50', minPoints: '5', years: '5', limit: '500' }) },
  { route: 'GET /api/hotspots/segments', who: ['anon'], heavy: true, query: (x) => ({ ...analysisFilters(x), window: '500', step: '100', rules: RULES, years: '5', limit: '500' }) },
  { route: 'GET /api/hotspots/segments/rules', who: ['anon'] },
  {
    route: 'GET /api/hotspots/grid', who: ['anon'], heavy: true, base: (x) => ({ township: x.township }),
    query: (x) => ({ ...analysisFilters(x), cell: '500', distance: '1000', fdr: 'true', bbox: x.bbox, cells: 'nonzero' }),
  },

  { route: 'GET /api/hazards', who: ['anon', 'admin'], query: (x) => ({ ...hazardFilters(x), format: 'geojson', page: '1', pageSize: '100' }) },
  {
    route: 'POST /api/hazards', who: ['admin'],
    // Guard: no market has this id (and an `other` hazard names none), refused after the point is placed.
    json: () => ({ type: 'other', description: 'fuzz', risk: 'general', lon: 116.2, lat: 36.3, crs: 'wgs84', roadName: 'fuzz', foundOn: '2024-05-01', confirmNotDuplicate: true, marketId: NONE, clientRef: 'f0220000-0000-4000-8000-000000000000' }),
  },
  { route: 'GET /api/hazards/:id', who: ['anon', 'admin'], path: (x) => `/api/hazards/${x.hazardB}` },
  {
    route: 'PATCH /api/hazards/:id', who: ['admin'], path: (x) => `/api/hazards/${x.hazardB}`,
    base: async (x) => ({ version: await x.version(x.hazardB) }),
    json: () => ({ version: 1, type: 'other', description: 'fuzz', risk: 'high', roadName: 'fuzz', lon: 116.2005, lat: 36.3005, crs: 'wgs84', marketId: NONE, unitCode: '371524-jtj' }),
    vary: {
      lon: { base: (_x, b) => ({ ...b, lat: 36.3005 }) },
      lat: { base: (_x, b) => ({ ...b, lon: 116.2005 }) },
      unitCode: { base: (_x, b) => ({ ...b, lon: 116.2005, lat: 36.3005 }) },
    },
  },
  {
    route: 'POST /api/hazards/:id/transitions', who: ['admin'], path: (x) => `/api/hazards/${x.hazardC}/transitions`,
    // reassign leaves an assigned hazard assigned, so a valid value keeps the next request's state.
    base: async (x) => ({ action: 'reassign', version: await x.version(x.hazardC), unitCode: x.unitC, deadline: '2030-01-01' }),
    json: (x) => ({
      action: 'reassign', version: 1, note: 'fuzz', unitCode: x.unitC, deadline: '2030-01-01', plan: 'fuzz', noticeNo: 'F-1', measures: 'fuzz', resolution: 'invalid',
      duplicateOf: NONE, marketResolution: 'regulated', relocatedTo: OUTSIDE, crs: 'wgs84', attachmentIds: [NONE],
    }),
  },
  { route: 'POST /api/hazards/:id/attachments', who: ['admin'], path: (x) => `/api/hazards/${x.hazardB}/attachments`, form: () => ({ file: new Upload('photo.png', 'not a png'), note: 'fuzz' }) },
  { route: 'GET /api/attachments/:id', who: ['anon', 'admin'], path: () => `/api/attachments/${NONE}` },
  { route: 'GET /api/attachments/:id/thumb', who: ['anon', 'admin'], path: () => `/api/attachments/${NONE}/thumb` },
  { route: 'GET /api/hazards/export.xlsx', who: ['anon', 'admin'], query: hazardFilters },
  { route: 'GET /api/hazards/summary', who: ['anon', 'admin'], query: () => ({ by: 'township' }) },
  { route: 'GET /api/hazards/due', who: ['anon', 'admin'], query: () => ({}) },
  { route: 'GET /api/briefing', who: ['leader'], heavy: true, query: () => ({ format: 'png', period: 'custom', at: '2024-02', from: '2024-02-01', to: '2024-02-29', area: '371524' }) },
  { route: 'GET /api/dashboard/hotspots', who: ['leader'], heavy: true, query: () => ({ period: 'custom', at: '2024-02', from: '2024-02-01', to: '2024-02-29', area: '371524' }) },
  { route: 'GET /api/dashboard', who: ['leader'], query: () => ({ period: 'custom', at: '2024-02', from: '2024-02-01', to: '2024-02-29', area: '371524' }) },
  { route: 'POST /api/hazards/import', who: ['admin'], form: () => ({ file: csv('隐患类型,风险等级,隐患描述,经度,纬度'), crs: 'wgs84', allowDuplicates: 'true', createUnits: 'true', preview: 'true', columns: '{"type":"隐患类型"}' }) },
  { route: 'GET /api/units', who: ['anon', 'admin'], query: (x) => ({ county: x.county }) },

  { route: 'GET /api/intersections', who: ['anon'], query: (x) => ({ bbox: x.bbox, deficient: 'true', severity: 'severe,moderate', ...area(x), limit: '100' }) },
  { route: 'GET /api/intersections/:id', who: ['anon'], path: (x) => `/api/intersections/${x.intersection}` },
  // Re-analyses the whole city and changes the settings every test reads: as the leader (403 once the body is valid).
  { route: 'POST /api/intersections/analyse', who: ['leader'], json: () => ({ method: 'isd', gapSeconds: 5.5, designSpeeds: { village: 30, county: 60 }, rebuild: false }) },
  { route: 'GET /api/intersections/settings', who: ['anon'] },
  { route: 'GET /api/obstacles', who: ['anon'], query: (x) => ({ bbox: x.bbox, limit: '10' }) },
  // Guard: the polygon lies outside Liaocheng (mutating one of its numbers cannot bring it in).
  { route: 'POST /api/obstacles', who: ['admin'], json: () => ({ type: 'wall', height: 2, geometry: OUTSIDE_POLYGON, crs: 'wgs84', source: 'fuzz', observedOn: '2024-05-01', note: 'fuzz' }) },
  { route: 'PATCH /api/obstacles/:id', who: ['admin'], path: () => `/api/obstacles/${NONE}`, base: () => ({ version: 1, note: 'fuzz' }), json: () => ({ version: 1, type: 'wall', height: 2, geometry: OUTSIDE_POLYGON, crs: 'wgs84', observedOn: '2024-05-01', note: 'fuzz' }) },
  { route: 'DELETE /api/obstacles/:id', who: ['admin'], path: () => `/api/obstacles/${NONE}`, query: () => ({ version: '1' }) },
  {
    route: 'POST /api/obstacles/import', who: ['admin'],
    form: () => ({ file: new Upload('fuzz.geojson', JSON.stringify({ type: 'FeatureCollection', features: [null, { type: 'Feature', geometry: OUTSIDE_POLYGON, properties: { type: 'wall', height: 2 } }] })), crs: 'wgs84', preview: 'true', columns: '{}' }),
  },

  { route: 'GET /api/markets', who: ['anon'], query: (x) => ({ date: x.to, ...area(x), status: 'active,closed' }) },
  { route: 'GET /api/markets/schedule', who: ['anon'], query: (x) => ({ date: x.to, ...area(x), status: 'active,closed' }) },
  { route: 'GET /api/markets/:id', who: ['anon'], heavy: true, path: (x) => `/api/markets/${x.market}`, query: (x) => ({ date: x.to, from: x.from, to: x.to, buffer: '200' }) },
  { route: 'GET /api/markets/analysis', who: ['anon'], heavy: true, query: (x) => ({ from: x.from, to: x.to, buffer: '200', ...area(x), status: 'active', limit: '10' }) },
  { route: 'GET /api/markets/candidates', who: ['anon'], heavy: true, query: (x) => ({ from: x.from, to: x.to, eps: '300', minPoints: '6', buffer: '200', ...area(x), limit: '10' }) },
  { route: 'GET /api/markets/harvest', who: ['anon', 'admin'], heavy: true, query: (x) => ({ from: x.from, to: x.to, ...area(x) }) },
  {
    route: 'POST /api/markets', who: ['admin'],
    // Guard: the new site lies outside Liaocheng, refused after the stretch has been checked.
    json: (x) => ({
      name: 'fuzz', geometry: x.marketGeometry, point: [116.0, 36.4], crs: 'wgs84', calendar: 'lunar', days: [2, 7], hours: { from: '06:00', to: '12:00' },
      status: 'relocated', statusOn: '2024-05-01', relocatedTo: OUTSIDE, source: 'fuzz', note: 'fuzz',
    }),
    base: (x) => ({ name: 'fuzz', geometry: x.marketGeometry, calendar: 'lunar', days: [2, 7], hours: { from: '06:00', to: '12:00' }, status: 'relocated', statusOn: '2024-05-01', relocatedTo: OUTSIDE }),
    vary: { point: { base: (_x, { geometry: _g, ...b }) => b } },
  },
  {
    route: 'PATCH /api/markets/:id', who: ['admin'], path: () => `/api/markets/${NONE}`, base: () => ({ version: 1, source: 'fuzz' }),
    json: (x) => ({ version: 1, name: 'fuzz', geometry: x.marketGeometry, crs: 'wgs84', calendar: 'solar', days: [2, 7], hours: { from: '06:00', to: '12:00' }, source: 'fuzz', note: 'fuzz' }),
  },
  {
    route: 'POST /api/markets/:id/status', who: ['admin'], path: () => `/api/markets/${NONE}/status`, base: () => ({ version: 1, status: 'closed' }),
    json: () => ({ version: 1, status: 'closed', statusOn: '2024-05-01', relocatedTo: OUTSIDE, crs: 'wgs84', note: 'fuzz' }),
  },
  { route: 'POST /api/markets/import', who: ['admin'], form: () => ({ file: csv('名称,历法,集日,开始时间,结束时间,经度,纬度'), crs: 'wgs84', preview: 'true', columns: '{}' }) },

  { route: 'GET /api/schools', who: ['anon'], query: (x) => ({ ...area(x), guardPost: 'none', bbox: x.bbox }) },
  { route: 'GET /api/schools/:id', who: ['anon'], heavy: true, path: (x) => `/api/schools/${x.school}`, query: (x) => ({ from: x.from, to: x.to }) },
  { route: 'GET /api/schools/zones', who: ['anon'], heavy: true, query: (x) => ({ from: x.from, to: x.to, ...area(x), limit: '10' }) },
  { route: 'GET /api/schools/settings', who: ['anon'] },
  {
    route: 'PUT /api/schools/settings', who: ['admin'],
    // Guard: a version the calendar never reaches (409 stale once read); a fuzzed version is sent as the leader.
    base: () => ({ version: NONE, hours: GUARD_HOURS }),
    json: () => ({ version: 0, terms: [{ schoolYear: '2025-2026', term: 'autumn', startsOn: '2025-09-01', endsOn: '2026-01-20' }], hours: GUARD_HOURS }),
    vary: { version: { who: ['leader'] } },
  },
  {
    route: 'POST /api/schools', who: ['admin'],
    // Guard: a gate outside Liaocheng, refused (no road within 100 m) after the school's row is written, so the transaction rolls back.
    json: () => ({ name: 'fuzz school', kind: 'primary', lon: 116.2, lat: 36.3, crs: 'wgs84', gates: [{ name: 'fuzz', lon: OUTSIDE[0], lat: OUTSIDE[1] }], source: 'fuzz', confirmNotDuplicate: true }),
  },
  { route: 'PATCH /api/schools/:id', who: ['admin'], path: () => `/api/schools/${NONE}`, base: () => ({ version: 1, source: 'fuzz' }), json: () => ({ version: 1, name: 'fuzz', kind: 'other', lon: 116.2, lat: 36.3, crs: 'wgs84', source: 'fuzz' }), vary: { lon: { base: (_x, b) => ({ ...b, lat: 36.3 }) }, lat: { base: (_x, b) => ({ ...b, lon: 116.2 }) } } },
  {
    route: 'POST /api/schools/:id/gates', who: ['admin'], path: (x) => `/api/schools/${x.school}/gates`,
    // Guard: the gate lies outside Liaocheng (no road near, rolled back); a fuzzed point goes to no school.
    json: () => ({ name: 'fuzz', lon: OUTSIDE[0], lat: OUTSIDE[1], crs: 'wgs84' }),
    vary: { lon: { path: () => `/api/schools/${NONE}/gates` }, lat: { path: () => `/api/schools/${NONE}/gates` } },
  },
  { route: 'DELETE /api/schools/gates/:gateId', who: ['admin'], path: () => `/api/schools/gates/${NONE}`, query: () => ({ version: '1' }) },
  { route: 'POST /api/schools/import', who: ['admin'], form: () => ({ file: csv('name,lon,lat'), crs: 'wgs84', allowDuplicates: 'true', preview: 'true', columns: '{"name":"name"}' }) },
  // Guard: preview only, and the post lies in Beijing.
  { route: 'POST /api/roads/posts/import', who: ['admin'], form: () => ({ file: csv('road,km,lon,lat\nG309,K1,116.4,39.9'), crs: 'wgs84', preview: 'true', columns: '{"road":"road"}' }) },
  { route: 'POST /api/schools/:id/audits', who: ['admin'], path: () => `/api/schools/${NONE}/audits`, json: () => ({ doneOn: '2024-05-01', items: AUDIT, note: 'fuzz' }) },
  { route: 'POST /api/schools/audits/:auditId/hazards', who: ['admin'], path: () => `/api/schools/audits/${NONE}/hazards`, json: () => ({ items: ['crossing'], risk: 'high', confirmNotDuplicate: false }) },
  {
    route: 'POST /api/schools/:id/guard-posts', who: ['admin'], path: () => `/api/schools/${NONE}/guard-posts`,
    json: (x) => ({ gateId: x.gate, hours: GUARD_HOURS, days: [1, 2], staffing: { police: 1, auxiliary: 0, teachers: 2, parents: 0 }, note: 'fuzz' }),
  },
  {
    route: 'PATCH /api/schools/guard-posts/:postId', who: ['admin'], path: () => `/api/schools/guard-posts/${NONE}`, base: () => ({ version: 1, note: 'fuzz' }),
    json: (x) => ({ version: 1, gateId: x.gate, hours: GUARD_HOURS, days: [1, 2], staffing: { police: 1 }, note: 'fuzz' }),
  },
  { route: 'DELETE /api/schools/guard-posts/:postId', who: ['admin'], path: () => `/api/schools/guard-posts/${NONE}`, query: () => ({ version: '1' }) },

  { route: 'GET /api/lights', who: ['anon'], query: (x) => ({ ...area(x), programme: 'first_light,other', status: 'working,faulty' }) },
  { route: 'GET /api/lights/:id', who: ['anon'], path: (x) => `/api/lights/${x.light}` },
  { route: 'GET /api/lights/candidates', who: ['anon'], heavy: true, query: (x) => ({ from: x.from, to: x.to, radius: '150', eps: '100', minPoints: '3', ...area(x), limit: '10' }) },
  {
    route: 'POST /api/lights', who: ['admin'],
    // Guard: no hazard has this id, refused after the point is placed (no id a value is drawn from is a real hazard's).
    json: () => ({
      type: 'street_light', programme: 'first_light', name: 'fuzz', lon: 116.2, lat: 36.3, crs: 'wgs84', status: 'working', installedOn: '2024-05-01', statusOn: '2024-06-01',
      installedBy: 'fuzz', cost: 1000, hazardId: NONE, source: 'fuzz', note: 'fuzz',
    }),
    base: () => ({ type: 'street_light', lon: 116.2, lat: 36.3, installedOn: '2024-05-01', hazardId: NONE }),
  },
  {
    route: 'PATCH /api/lights/:id', who: ['admin'], path: () => `/api/lights/${NONE}`, base: () => ({ version: 1, name: 'fuzz' }),
    json: () => ({ version: 1, type: 'solar_light', programme: 'other', name: 'fuzz', lon: 116.2, lat: 36.3, crs: 'wgs84', installedOn: '2024-05-01', installedBy: 'fuzz', cost: 10, source: 'fuzz', note: 'fuzz' }),
    vary: { lon: { base: (_x, b) => ({ ...b, lat: 36.3 }) }, lat: { base: (_x, b) => ({ ...b, lon: 116.2 }) } },
  },
  { route: 'POST /api/lights/:id/status', who: ['admin'], path: () => `/api/lights/${NONE}/status`, base: () => ({ version: 1, status: 'faulty' }), json: () => ({ version: 1, status: 'faulty', statusOn: '2024-05-01', note: 'fuzz' }) },
  { route: 'POST /api/lights/import', who: ['admin'], form: () => ({ file: csv('类型,经度,纬度,安装日期'), crs: 'wgs84', preview: 'true', columns: '{}' }) },
  // Roads in Beijing: whatever the choices, nothing lies in Liaocheng, so the shared network is never replaced.
  {
    route: 'POST /api/roads/import', who: ['admin'],
    query: () => ({ name: 'fuzz.geojson', mode: 'replace', preview: 'true', crs: 'gcj02', mapping: '{"values":{"primary":"national"}}' }),
    raw: () => Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { highway: 'primary' }, geometry: { type: 'LineString', coordinates: [[116.39, 39.9], [116.4, 39.9]] } }] })),
  },
  // An area in Beijing matches no township: nothing is saved, whatever the choices.
  {
    route: 'POST /api/jurisdictions/import', who: ['admin'],
    query: () => ({ name: 'fuzz.geojson', preview: 'true', crs: 'gcj02', codeField: 'code', nameField: 'name' }),
    raw: () => Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '110101', name: '东城' }, geometry: { type: 'Polygon', coordinates: [[[116.39, 39.9], [116.4, 39.9], [116.4, 39.91], [116.39, 39.9]]] } }] })),
  },
  { route: 'POST /api/accidents/import', who: ['admin'], form: () => ({ file: csv('事故编号,发生时间,经度,纬度'), crs: 'wgs84', existing: 'update', preview: 'true', columns: '{"externalId":"事故编号"}' }) },

  {
    route: 'GET /api/evaluation', who: ['anon', 'admin'], heavy: true, base: (x) => ({ kind: 'site', lon: '116.0', lat: '36.4', date: x.midDate }),
    query: (x) => ({
      kind: 'site', programme: 'first_light', county: x.county, brigade: x.county, id: String(NONE), type: 'other', closedYear: '2024', lon: '116.0', lat: '36.4', crs: 'wgs84',
      date: x.midDate, years: '1', target: 'all', radius: '100',
    }),
    vary: {
      id: { base: (_x, b) => ({ ...b, kind: 'hazard' }) },
      programme: { base: (x, b) => ({ ...b, kind: 'lights', county: x.county }) },
      type: { base: (_x, b) => ({ ...b, kind: 'hazards' }) },
      closedYear: { base: (_x, b) => ({ ...b, kind: 'hazards' }) },
      county: { base: (_x, b) => ({ ...b, kind: 'hazards' }) },
      brigade: { base: (_x, b) => ({ ...b, kind: 'hazards' }) },
    },
  },
];

/**
 * Parameters API.md names only in prose, or in a form the parser does not read (multipart fields
 * in parentheses after the route): listed by hand, and held to the fuzz list like the parsed ones.
 */
const PROSE: Record<string, string[]> = {
  // "`GET /api/hazards/export.xlsx?` (the list's filters)"
  'GET /api/hazards/export.xlsx': ['status', 'type', 'county', 'township', 'overdue', 'bbox', 'q'],
  // "a transition may name uploaded photos in `attachmentIds`"
  'POST /api/hazards/:id/transitions': ['attachmentIds'],
  'POST /api/hazards/:id/attachments': ['file', 'note'],
  'POST /api/hazards/import': ['file', 'crs', 'preview', 'columns', 'allowDuplicates', 'createUnits'],
  'POST /api/schools/import': ['file', 'crs', 'preview', 'columns', 'allowDuplicates'],
  'POST /api/lights/import': ['file', 'crs', 'preview', 'columns'],
  'POST /api/markets/import': ['file', 'crs', 'preview', 'columns'],
  'POST /api/obstacles/import': ['file', 'crs', 'preview', 'columns'],
  'POST /api/roads/posts/import': ['file', 'crs', 'preview', 'columns'],
  'POST /api/accidents/import': ['file', 'crs', 'existing', 'preview', 'columns'],
  // The evaluation section's `years (1–5)`, `target=night|all` and the table's `radius` are prose, not its query table.
  'GET /api/evaluation': ['years', 'target', 'radius'],
};

// ---------------------------------------------------------------- API.md

const ROUTE = /^(GET|POST|PUT|PATCH|DELETE) (\/api\/[^\s?{]*)(\?\S*)?(?:\s*(\{.*\}))?/;
const names = (s: string) => s.split('|').map((x) => x.trim().replace(/[?=:].*$/, '')).filter((x) => /^[A-Za-z][A-Za-z0-9_]*$/.test(x));
const queryNames = (q: string) => q.replace(/^\?/, '').split('&').flatMap((p) => names(p.split('=')[0]));
/** The top-level field names of `{a, b?, c?: [{…}], d (…), e | f}`. */
function bodyNames(body: string): string[] {
  const parts = [''];
  let depth = 0;
  for (const ch of body.slice(1, -1)) {
    if ('[{('.includes(ch)) depth++;
    else if (']})'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) parts.push('');
    else if (depth === 0) parts[parts.length - 1] += ch;
  }
  return parts.flatMap((p) => names(p.split(':')[0]));
}

/**
 * Every route API.md names (`METHOD /api/…` in a code span, with its `?query` and `{body}` field
 * names) and the first-column parameters of the tables in a section whose heading names a route
 * (`## GET /api/hotspots/segments`: `window`, `step`, …).
 */
export function documentedParameters(md: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const add = (route: string, params: string[]) => found.set(route, new Set([...(found.get(route) ?? []), ...params]));
  const text = md.replace(/^```[\s\S]*?^```/gm, '');
  // A code span may wrap a line ("`GET\n/api/auth/me`").
  for (const [, span] of text.replace(/\n/g, ' ').matchAll(/`([^`]+)`/g)) {
    const m = ROUTE.exec(span.replace(/\\\|/g, '|'));
    if (m) add(`${m[1]} ${m[2]}`, [...(m[3] ? queryNames(m[3]) : []), ...(m[4] ? bodyNames(m[4]) : [])]);
  }
  let section: string | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      const m = /(GET|POST|PUT|PATCH|DELETE) (\/api\/[^\s`?]*)/.exec(line);
      section = m ? `${m[1]} ${m[2]}` : null;
    } else if (section && line.startsWith('|') && !/^[|\s:-]+$/.test(line)) {
      const first = line.split(/(?<!\\)\|/)[1] ?? '';
      for (const [, span] of first.matchAll(/`([^`]+)`/g)) if (!ROUTE.test(span)) add(section, queryNames(span.replace(/\\\|/g, '|')));
    }
  }
  return found;
}

// ---------------------------------------------------------------- the run

let t: Awaited<ReturnType<typeof createTestApp>>;
let admin: Client;
let leader: Client;
let x: Ctx;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, 'admin');
  leader = await signIn(t.app, 'leader');
  const r = await t.pool.query(
    `WITH c AS (SELECT code FROM jurisdictions WHERE level = 'county' ORDER BY code LIMIT 1),
          e AS (SELECT ST_Extent(geom) AS e FROM jurisdictions WHERE level = 'county'),
          d AS (SELECT (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date AS last FROM accidents)
     SELECT (SELECT code FROM c) AS county,
            (SELECT min(code) FROM jurisdictions WHERE level = 'township' AND parent_code = (SELECT code FROM c)) AS township,
            (SELECT concat_ws(',', round((ST_XMin(e) + ST_XMax(e))::numeric / 2 - 0.05, 3), round((ST_YMin(e) + ST_YMax(e))::numeric / 2 - 0.05, 3),
                                   round((ST_XMin(e) + ST_XMax(e))::numeric / 2 + 0.05, 3), round((ST_YMin(e) + ST_YMax(e))::numeric / 2 + 0.05, 3)) FROM e) AS bbox,
            (SELECT (last - interval '1 year' + interval '1 day')::date::text FROM d) AS "from", (SELECT last::text FROM d) AS "to",
            (SELECT (last - interval '2 years')::date::text FROM d) AS "midDate",
            (SELECT min(id) FROM accidents) AS accident, (SELECT min(id) FROM intersections) AS intersection, (SELECT min(id) FROM lights) AS light,
            (SELECT min(id) FROM markets) AS market, (SELECT ST_AsGeoJSON(geom, 7)::json FROM markets ORDER BY id LIMIT 1) AS "marketGeometry",
            (SELECT min(id) FROM schools) AS school, (SELECT min(id) FROM school_gates) AS gate`,
  );
  const hazard = async (lon: number, lat: number) => {
    const h = await admin.send('POST', '/api/hazards', { type: 'other', description: 'fuzz-parameters test', risk: 'general', lon, lat, confirmNotDuplicate: true });
    expect(h.status, await h.clone().text()).toBe(201);
    return (await h.json()) as { id: number; county: { code: string } };
  };
  const [b, c] = [await hazard(116.2005, 36.3005), await hazard(116.2008, 36.3008)];
  const units = (await (await admin.get(`/api/units?county=${c.county.code}`)).json()) as { code: string }[];
  const assign = await admin.send('POST', `/api/hazards/${c.id}/transitions`, { action: 'assign', version: 1, unitCode: units[0].code, deadline: '2030-01-01' });
  expect(assign.status, await assign.clone().text()).toBe(200);
  x = {
    ...r.rows[0], hazardB: b.id, hazardC: c.id, unitC: units[0].code,
    version: async (id) => (await t.pool.query<{ version: number }>('SELECT version FROM hazards WHERE id = $1', [id])).rows[0].version,
  };
});
afterAll(() => t?.close());

interface Request {
  spec: Spec;
  /** The fuzzed parameters and their values. */
  fuzzed: { where: 'query' | 'json' | 'form'; name: string; value: unknown }[];
  who: Who;
}

function queryString(q: Values): string {
  const enc = (v: string) => {
    try {
      return encodeURIComponent(v);
    } catch {
      return v;
    }
  };
  const parts = Object.entries(q).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((one) => `${enc(k)}=${one instanceof Raw ? one.text : enc(String(one))}`));
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Where a route's base values go: the JSON body of a write, its form, or the query of a read. */
function bodyKind(spec: Spec): 'json' | 'form' | null {
  if (spec.form) return 'form';
  return spec.json || (spec.base && method(spec) !== 'GET' && method(spec) !== 'DELETE') ? 'json' : null;
}

/** Sends one request; the reason it is wrong, or null. */
async function run(req: Request): Promise<string | null> {
  const { spec, fuzzed, who } = req;
  const vary = fuzzed.map((f) => spec.vary?.[f.name]).filter((v) => v !== undefined);
  const path = vary.find((v) => v.path)?.path?.(x) ?? spec.path?.(x) ?? spec.route.split(' ')[1];
  // Without a base of its own, a write sends all its valid values (the guard among them) and a read none.
  let base: Values = (await spec.base?.(x)) ?? spec.json?.(x) ?? spec.form?.(x) ?? {};
  for (const v of vary) if (v.base) base = v.base(x, base);
  const kind = bodyKind(spec);
  const query: Values = kind ? {} : { ...base };
  const body: Values = kind ? { ...base } : {};
  for (const f of fuzzed) (f.where === 'query' ? query : body)[f.name] = f.value;
  const client = who === 'admin' ? admin : who === 'leader' ? leader : null;
  const headers: Record<string, string> = client ? { cookie: client.cookie, 'x-csrf-token': client.csrf } : {};
  const init: RequestInit = { method: method(spec), headers };
  if (kind === 'json') {
    headers['content-type'] = 'application/json';
    init.body = toJson(body);
  } else if (kind === 'form') {
    const form = new FormData();
    for (const [k, v] of Object.entries(body)) {
      if (v instanceof Upload) form.append(k, new File([v.bytes], v.name));
      else form.append(k, v instanceof Raw ? v.text : typeof v === 'string' ? v : toJson(v));
    }
    init.body = form;
  } else if (spec.raw) init.body = spec.raw() as BodyInit;
  const res = await t.app.request(`${path}${queryString(query)}`, init);
  const text = await res.text();
  const what = () => `${spec.route} as ${who}, ${fuzzed.map((f) => `${f.name}=${show(f.value)}`).join(', ') || 'no parameters'}: ${res.status}`;
  if (res.status >= 500) return `${what()} ${text.slice(0, 300)}`;
  if (res.status >= 400) {
    const error = (() => {
      try {
        return JSON.parse(text).error;
      } catch {
        return undefined;
      }
    })();
    const shaped = error && typeof error.code === 'string' && typeof error.message === 'string' && typeof error.requestId === 'string' && (error.details === undefined || Array.isArray(error.details));
    if (!shaped) return `${what()} without the error shape: ${text.slice(0, 300)}`;
  }
  return null;
}

/** The requests for one route: each parameter with its values, then a few combinations, for each user. */
function requestsFor(spec: Spec): Request[] {
  // The project's seeded generator, a stream of its own per route (a single test run draws the same).
  const rng = new Rng(SEED, spec.route);
  const params = (['query', 'json', 'form'] as const).flatMap((where) => Object.entries(spec[where]?.(x) ?? {}).map(([name, valid]) => ({ where, name, valid })));
  const pools = params.map((p) => (p.where === 'form' ? formPool(rng, p.valid) : p.where === 'json' ? jsonPool(rng, p.valid) : queryPool(rng, String(p.valid))));
  const n = spec.heavy ? PER_PARAM_HEAVY : PER_PARAM;
  const sets: Request['fuzzed'][] = params.length ? [] : [[]];
  // The valid value first (it reaches the handler, and shows a guard holds), then the drawn ones.
  params.forEach((p, i) => {
    for (const value of [p.valid, ...sample(rng, pools[i], n)]) sets.push([{ where: p.where, name: p.name, value }]);
  });
  if (params.length > 1) {
    for (let k = 0; k < (spec.heavy ? COMBOS_HEAVY : COMBOS); k++) {
      const chosen = sample(rng, params.map((_p, i) => i), 2 + rng.int(2));
      sets.push(chosen.map((i) => ({ where: params[i].where, name: params[i].name, value: rng.pick(pools[i]) })));
    }
  }
  return sets.flatMap((fuzzed) => {
    const who = fuzzed.map((f) => spec.vary?.[f.name]?.who).find(Boolean) ?? spec.who;
    return who.map((w) => ({ spec, fuzzed, who: w }));
  });
}

describe('fuzzed parameters', () => {
  it('cover every route and parameter docs/API.md documents', () => {
    const docs = documentedParameters(fs.readFileSync(new URL('../../docs/API.md', import.meta.url), 'utf8'));
    // The parser still reads the docs (a change of their form would otherwise make this pass on nothing).
    expect(docs.size).toBeGreaterThan(50);
    expect([...(docs.get('GET /api/hotspots/segments') ?? [])]).toEqual(expect.arrayContaining(['rules', 'window', 'step', 'from']));
    expect([...(docs.get('PUT /api/schools/settings') ?? [])].sort()).toEqual(['hours', 'terms', 'version']);
    for (const [route, params] of Object.entries(PROSE)) docs.set(route, new Set([...(docs.get(route) ?? []), ...params]));
    const specs = new Map(SPECS.map((s) => [s.route, s]));
    const fake = new Proxy({}, { get: () => 1 }) as unknown as Ctx;
    const missing = [...docs].flatMap(([route, params]) => {
      const s = specs.get(route);
      if (!s) return [`${route} (the route)`];
      const have = new Set((['query', 'json', 'form'] as const).flatMap((w) => Object.keys(s[w]?.(fake) ?? {})));
      return [...params].filter((p) => !have.has(p)).map((p) => `${route} ${p}`);
    });
    expect(missing, 'documented in docs/API.md but not fuzzed').toEqual([]);
    expect(SPECS.map((s) => s.route).filter((r) => !docs.has(r)), 'fuzzed but not in docs/API.md').toEqual([]);
  });

  for (const spec of SPECS) {
    it(`${spec.route}: no 5xx, every 4xx the error shape`, async () => {
      const wrong: string[] = [];
      for (const req of requestsFor(spec)) {
        const why = await run(req);
        if (why) wrong.push(why);
      }
      expect(wrong, wrong.join('\n')).toEqual([]);
    });
  }
});
