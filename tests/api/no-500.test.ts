import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * Nothing a client can send is a 500: every route of api/ (api/app.ts and each route file) with
 * each of its path ids, date and number query parameters and JSON body fields given year 0,
 * 9999-12-31, 30 February, a 20-digit id, 0, -1, NaN, NUL, a 2 MB body, a text past its length,
 * malformed JSON, JSON sent as text/plain and an array for an object. Each answer is a 4xx whose details name the field (a 404 where the route's
 * path pattern takes digits only, so `-1` or `NaN` is no route at all).
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let admin: Client;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, 'admin');
  const r = await t.pool.query(
    `SELECT (SELECT min(id) FROM accidents) AS accident, (SELECT min(id) FROM intersections) AS intersection,
            (SELECT min(id) FROM obstacles) AS obstacle,
            (SELECT min(id) FROM schools) AS school, (SELECT min(id) FROM school_audits) AS audit,
            (SELECT min(id) FROM guard_posts) AS post, (SELECT min(id) FROM markets) AS market,
            (SELECT min(id) FROM lights) AS light`,
  );
  Object.assign(ids, r.rows[0]);
  // A hazard of this test's own, so a write that should have been refused changes nothing others read.
  const h = await admin.send('POST', '/api/hazards', { type: 'other', description: 'no-500 test', risk: 'general', lon: 116.2, lat: 36.3, confirmNotDuplicate: true });
  expect(h.status, await h.clone().text()).toBe(201);
  ids.hazard = (await h.json()).id;
  const v = await t.pool.query(
    `SELECT (SELECT version FROM obstacles WHERE id = $1) AS "obstacleVersion", (SELECT version FROM guard_posts WHERE id = $2) AS "postVersion",
            (SELECT min(id) FROM school_gates WHERE school_id = $3) AS gate`,
    [ids.obstacle, ids.post, ids.school],
  );
  Object.assign(ids, v.rows[0]);
});
afterAll(() => t?.close());

const HUGE_ID = '99999999999999999999';
const BAD_DATES = ['0000-01-01', '9999-12-31', '2026-02-30', '2026-01-01%00'];
const BAD_NUMBERS = ['0', '-1', 'NaN', HUGE_ID, '1%00'];
const NUL = 'a\u0000b';

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** A JSON value, or the raw text of the body. */
  body?: unknown;
  raw?: string;
  /** The body's Content-Type (JSON unless said). */
  type?: string;
  /** The field the details must name; null: a 404 for a path its pattern refuses. */
  param: string | null;
  status?: number;
}

/** Query parameter cases: each bad value of each date and number parameter. */
function queryCases(path: string, dates: string[], numbers: string[], extra = ''): Case[] {
  return [
    ...dates.flatMap((p) => BAD_DATES.map((v): Case => ({ name: `GET ${path} ${p}=${v}`, method: 'GET', path: `${path}?${extra}${p}=${v}`, param: p }))),
    // 0 is a good value for no number parameter here (each starts at 1 or more).
    ...numbers.flatMap((p) => BAD_NUMBERS.map((v): Case => ({ name: `GET ${path} ${p}=${v}`, method: 'GET', path: `${path}?${extra}${p}=${v}`, param: p }))),
  ];
}

/** Path id cases: a number no row can have is a 400 naming the id, a pattern the route refuses a 404. */
function idCases(method: Case['method'], template: string, param: string, body?: unknown, digitsOnly = true): Case[] {
  const at = (v: string) => template.replace(`:${param}`, v);
  return [
    { name: `${method} ${template} ${param}=${HUGE_ID}`, method, path: at(HUGE_ID), body, param },
    { name: `${method} ${template} ${param}=0`, method, path: at('0'), body, param },
    { name: `${method} ${template} ${param}=-1`, method, path: at('-1'), body, param: digitsOnly ? null : param },
    { name: `${method} ${template} ${param}=NaN`, method, path: at('NaN'), body, param: digitsOnly ? null : param },
  ];
}

interface BodyRoute {
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  good: Record<string, unknown>;
  text?: string[];
  dates?: string[];
  /** Ids and other whole numbers in the body. */
  numbers?: string[];
}

/** JSON body cases: malformed, an array, 2 MB, NUL in each text field, bad dates and numbers. */
function bodyCases(r: BodyRoute): Case[] {
  const name = (what: string) => `${r.method} ${r.path} ${what}`;
  const field = r.text?.[0];
  const cases: Case[] = [
    { name: name('malformed JSON'), method: r.method, path: r.path, raw: '{"a": 1,', param: 'body' },
    { name: name('an array'), method: r.method, path: r.path, body: [r.good], param: 'body' },
    // JSON sent as text is not read as {} (415 naming body).
    { name: name('sent as text/plain'), method: r.method, path: r.path, body: r.good, type: 'text/plain', param: 'body', status: 415 },
  ];
  // Past every JSON limit (1 MB; some routes less): a 413 naming body, before it is read. Within it,
  // a text far past its field's length: a 400 naming the field.
  if (field) cases.push({ name: name('2 MB'), method: r.method, path: r.path, body: { ...r.good, [field]: 'x'.repeat(2 * 1024 * 1024) }, param: 'body', status: 413 });
  if (field) cases.push({ name: name('40 kB text'), method: r.method, path: r.path, body: { ...r.good, [field]: 'x'.repeat(40 * 1024) }, param: field });
  for (const f of r.text ?? []) cases.push({ name: name(`NUL in ${f}`), method: r.method, path: r.path, body: { ...r.good, [f]: NUL }, param: f });
  for (const f of r.dates ?? []) {
    for (const v of ['0000-01-01', '9999-12-31', '2026-02-30', `2026-01-01\u0000`]) cases.push({ name: name(`${f}=${JSON.stringify(v)}`), method: r.method, path: r.path, body: { ...r.good, [f]: v }, param: f });
  }
  for (const f of r.numbers ?? []) {
    // 2^31: a whole number one past what an integer column holds.
    for (const v of [1e20, 2 ** 31, 0, -1]) cases.push({ name: name(`${f}=${v}`), method: r.method, path: r.path, body: { ...r.good, [f]: v }, param: f });
  }
  return cases;
}

function cases(): Case[] {
  const hazard = { type: 'other', description: 'x', risk: 'general', lon: 116.2, lat: 36.3, confirmNotDuplicate: true };
  const guardPost = { gateId: ids.gate, hours: [{ label: 'arrival', from: '07:00', to: '08:00' }], days: [1], staffing: { police: 1 } };
  const obstacle = { type: 'wall', height: 2, geometry: { type: 'Polygon', coordinates: [[[116, 36.4], [116.0001, 36.4], [116.0001, 36.4001], [116, 36.4]]] } };
  return [
    ...queryCases('/api/accidents', ['from', 'to'], []),
    ...idCases('GET', '/api/accidents/:id', 'id', undefined, false),
    ...queryCases('/api/hotspots/clusters', ['from', 'to'], ['eps', 'minPoints', 'years', 'limit']),
    ...queryCases('/api/hotspots/segments', ['from', 'to'], ['window', 'step', 'years', 'limit']),
    { name: 'GET /api/hotspots/segments rules=NUL', method: 'GET', path: '/api/hotspots/segments?rules=%00', param: 'rules' },
    ...queryCases('/api/hotspots/grid', ['from', 'to'], ['cell', 'distance']),
    ...queryCases('/api/intersections', [], ['limit']),
    ...idCases('GET', '/api/intersections/:id', 'id'),
    ...bodyCases({ method: 'POST', path: '/api/intersections/analyse', good: { method: 'ssd' }, numbers: ['gapSeconds'] }),
    ...queryCases('/api/obstacles', [], ['limit']),
    ...bodyCases({ method: 'POST', path: '/api/obstacles', good: obstacle, text: ['note', 'source'], dates: ['observedOn'], numbers: ['height'] }),
    ...idCases('PATCH', '/api/obstacles/:id', 'id', { version: 1, note: 'x' }),
    ...bodyCases({ method: 'PATCH', path: `/api/obstacles/${ids.obstacle}`, good: { version: ids.obstacleVersion }, text: ['note'], dates: ['observedOn'], numbers: ['height'] }),
    ...idCases('DELETE', '/api/obstacles/:id?version=1', 'id'),
    // A whole version that is not the current one is stale (409 naming version); anything else a 400.
    ...BAD_NUMBERS.map((v): Case => ({ name: `DELETE obstacle version=${v}`, method: 'DELETE', path: `/api/obstacles/${ids.obstacle}?version=${v}`, param: 'version', status: v === '0' || v === '-1' ? 409 : 400 })),
    ...queryCases('/api/hazards', [], ['page', 'pageSize']),
    { name: 'GET /api/hazards page past any offset', method: 'GET', path: '/api/hazards?page=9007199254740991&pageSize=5000', param: 'page' },
    { name: 'GET /api/hazards q=NUL', method: 'GET', path: '/api/hazards?q=a%00b', param: 'q' },
    { name: 'GET /api/hazards/export.xlsx q=NUL', method: 'GET', path: '/api/hazards/export.xlsx?q=a%00b', param: 'q' },
    ...bodyCases({ method: 'POST', path: '/api/hazards', good: hazard, text: ['description', 'roadName'], dates: ['foundOn'] }),
    ...idCases('GET', '/api/hazards/:id', 'id'),
    ...idCases('PATCH', '/api/hazards/:id', 'id', { version: 1, description: 'x' }),
    ...bodyCases({ method: 'PATCH', path: `/api/hazards/${ids.hazard}`, good: { version: 1 }, text: ['description', 'roadName'] }),
    ...idCases('POST', '/api/hazards/:id/transitions', 'id', { action: 'start', version: 1 }),
    ...bodyCases({
      method: 'POST', path: `/api/hazards/${ids.hazard}/transitions`, good: { action: 'invalidate', version: 1, resolution: 'duplicate', note: 'x', duplicateOf: ids.hazard },
      text: ['note', 'unitCode', 'plan', 'noticeNo', 'measures'], dates: ['deadline'], numbers: ['duplicateOf'],
    }),
    { name: 'POST transitions attachmentIds huge', method: 'POST', path: `/api/hazards/${ids.hazard}/transitions`, body: { action: 'invalidate', version: 1, resolution: 'invalid', note: 'x', attachmentIds: [1e20] }, param: 'attachmentIds' },
    ...idCases('POST', '/api/hazards/:id/attachments', 'id'),
    ...idCases('GET', '/api/attachments/:id', 'id'),
    ...idCases('GET', '/api/attachments/:id/thumb', 'id'),
    { name: 'GET /api/units county=NUL', method: 'GET', path: '/api/units?county=37150%00', param: 'county' },
    ...queryCases('/api/markets', ['date'], []),
    ...queryCases('/api/markets/schedule', ['date'], []),
    ...queryCases('/api/markets/analysis', ['from', 'to'], ['buffer', 'limit']),
    ...idCases('GET', '/api/markets/:id', 'id'),
    // Market writes are api/markets' own (tests/api/market-bad-input.test.ts); here only that none is a 500.
    ...bodyCases({ method: 'POST', path: '/api/markets', good: {}, text: ['name', 'source', 'note'], dates: ['statusOn'] }),
    ...idCases('PATCH', '/api/markets/:id', 'id', { version: 1, name: 'x' }),
    ...idCases('POST', '/api/markets/:id/status', 'id', { version: 1, status: 'closed', statusOn: '2026-01-01' }),
    ...queryCases(`/api/markets/${ids.market}`, ['date', 'from', 'to'], ['buffer']),
    ...queryCases('/api/schools/zones', ['from', 'to'], ['limit']),
    ...idCases('GET', '/api/schools/:id', 'id'),
    ...queryCases(`/api/schools/${ids.school}`, ['from', 'to'], []),
    ...idCases('POST', '/api/schools/:id/audits', 'id', { doneOn: '2026-01-01', items: [] }),
    ...bodyCases({ method: 'POST', path: `/api/schools/${ids.school}/audits`, good: { doneOn: '2026-01-01', items: [] }, text: ['note'], dates: ['doneOn'] }),
    ...idCases('POST', '/api/schools/audits/:auditId/hazards', 'auditId', { items: ['crossing'] }),
    ...idCases('POST', '/api/schools/:id/guard-posts', 'id', { gateId: 1 }),
    ...bodyCases({ method: 'POST', path: `/api/schools/${ids.school}/guard-posts`, good: guardPost, text: ['note'], numbers: ['gateId'] }),
    ...idCases('PATCH', '/api/schools/guard-posts/:postId', 'postId', { version: 1, note: 'x' }),
    ...bodyCases({ method: 'PUT', path: '/api/schools/settings', good: { version: 0, hours: [{ label: 'arrival', from: '07:00', to: '08:00' }] } }),
    ...bodyCases({ method: 'PATCH', path: `/api/schools/guard-posts/${ids.post}`, good: { version: ids.postVersion }, text: ['note'], numbers: ['gateId'] }),
    ...idCases('DELETE', '/api/schools/guard-posts/:postId?version=1', 'postId'),
    ...bodyCases({ method: 'POST', path: '/api/schools', good: { name: 'x', lon: 116.2, lat: 36.3 }, text: ['name', 'source'] }),
    ...idCases('PATCH', '/api/schools/:id', 'id', { version: 1, name: 'x' }),
    ...bodyCases({ method: 'PATCH', path: `/api/schools/${ids.school}`, good: { version: 1 }, text: ['name', 'source'] }),
    ...idCases('POST', '/api/schools/:id/gates', 'id', { name: 'x', lon: 116.2, lat: 36.3 }),
    ...bodyCases({ method: 'POST', path: `/api/schools/${ids.school}/gates`, good: { lon: 116.2, lat: 36.3 }, text: ['name'] }),
    ...idCases('DELETE', '/api/schools/gates/:gateId?version=1', 'gateId'),
    { name: 'POST /api/schools/import with JSON', method: 'POST', path: '/api/schools/import', body: {}, param: 'file' },
    ...queryCases('/api/lights/candidates', ['from', 'to'], ['radius', 'eps', 'minPoints', 'limit']),
    ...idCases('GET', '/api/lights/:id', 'id'),
    ...bodyCases({ method: 'POST', path: '/api/lights', good: { type: 'street_light', lon: 116.2, lat: 36.3, installedOn: '2024-01-01' }, text: ['name', 'installedBy', 'source', 'note'], dates: ['installedOn', 'statusOn'], numbers: ['hazardId'] }),
    ...idCases('PATCH', '/api/lights/:id', 'id', { version: 1, name: 'x' }),
    ...bodyCases({ method: 'PATCH', path: `/api/lights/${ids.light}`, good: { version: 1 }, text: ['name', 'installedBy', 'source', 'note'], dates: ['installedOn'] }),
    ...idCases('POST', '/api/lights/:id/status', 'id', { version: 1, status: 'faulty' }),
    { name: 'POST /api/lights/import with JSON', method: 'POST', path: '/api/lights/import', body: {}, param: 'file' },
    ...queryCases('/api/evaluation', [], ['years', 'radius', 'closedYear', 'id'], 'kind=site&lon=116.0&lat=36.4&date=2024-05-01&'),
    ...queryCases('/api/evaluation', ['date'], [], 'kind=site&lon=116.0&lat=36.4&'),
    ...queryCases('/api/evaluation', [], ['lon'], 'kind=site&lat=36.4&date=2024-05-01&'),
    ...queryCases('/api/evaluation', [], ['id'], 'kind=hazard&'),
    ...bodyCases({ method: 'POST', path: '/api/auth/login', good: { username: 'admin', password: 'x' }, text: ['username'] }),
  ];
}

async function send(c: Case): Promise<Response> {
  const headers: Record<string, string> = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
  if (c.method === 'GET' || c.method === 'DELETE') return t.app.request(c.path, { method: c.method, headers });
  return t.app.request(c.path, { method: c.method, headers: { ...headers, 'content-type': c.type ?? 'application/json' }, body: c.raw ?? JSON.stringify(c.body ?? {}) });
}

describe('nothing a client can send is a 500', () => {
  it('every route answers each bad value with a 4xx naming the field', async () => {
    const wrong: string[] = [];
    const all = cases();
    expect(all.length).toBeGreaterThan(300);
    for (const c of all) {
      const res = await send(c);
      const text = await res.text();
      const error = (() => {
        try {
          return JSON.parse(text).error;
        } catch {
          return undefined;
        }
      })();
      const named = (error?.details ?? []).some((d: { param?: string; field?: string }) => (d.param ?? d.field) === c.param);
      const ok = c.param === null ? res.status === 404 : res.status === (c.status ?? 400) && named;
      if (!ok) wrong.push(`${c.name}: ${res.status} ${text.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('imports report what the database could not hold, row by row', () => {
  it('a ledger row with NUL, year 0 or a road name past its column is rejected naming the field', async () => {
    const csv = [
      '隐患类型,风险等级,隐患描述,经度,纬度,发现日期,道路,整改通知书编号',
      `其他,一般,a\u0000b,116.2,36.3,,,`,
      `其他,一般,x,116.2,36.3,0000-01-01,,`,
      `其他,一般,x,116.2,36.3,,${'路'.repeat(101)},`,
      `其他,一般,x,116.2,36.3,,,${'号'.repeat(61)}`,
    ].join('\n');
    const form = new FormData();
    form.append('file', new File([new TextEncoder().encode(csv)], 'ledger.csv'));
    const res = await t.app.request('/api/hazards/import', { method: 'POST', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, body: form });
    expect(res.status, await res.clone().text()).toBe(200);
    const report = await res.json();
    expect(report.saved).toBe(0);
    expect(report.rows.map((r: { row: number; field: string }) => [r.row, r.field])).toEqual([[2, 'description'], [3, 'foundOn'], [4, 'roadName'], [5, 'noticeNo']]);
  });

  it('an obstacle feature that is null or has a NUL in its note is rejected, not a 500', async () => {
    const geometry = { type: 'Polygon', coordinates: [[[116, 36.4], [116.0001, 36.4], [116.0001, 36.4001], [116, 36.4]]] };
    const body = { type: 'FeatureCollection', features: [null, { type: 'Feature', geometry, properties: { type: 'wall', height: 2, note: NUL } }] };
    const res = await admin.upload('/api/obstacles/import', { file: new File([JSON.stringify(body)], 'o.geojson') });
    expect(res.status, await res.clone().text()).toBe(200);
    const report = await res.json();
    expect(report.saved).toBe(0);
    expect(report.rows.map((r: { row: number; field: string }) => [r.row, r.field])).toEqual([[1, 'type'], [2, 'note']]);
  });
});
