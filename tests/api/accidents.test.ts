import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BYTES_PER_ACCIDENT, DAY_ZERO, HEADER_BYTES } from '../../api/accidents/binary-encoding';
import { FIXTURE_YEAR } from '../support/fixtures';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = (q: string) => t.app.request(`/api/accidents?${q}`);
const year = `from=${FIXTURE_YEAR.from}&to=${FIXTURE_YEAR.to}`;
const ids = (fc: { features: { properties: { externalId: string } }[] }) => fc.features.map((f) => f.properties.externalId);

describe('GET /api/accidents (GeoJSON)', () => {
  it('returns exactly the accidents of a time window, ordered by time', async () => {
    const res = await get(year);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    expect(ids(await res.json())).toEqual(['FX-1', 'FX-2', 'FX-3', 'FX-5', 'FX-4']);
  });

  it('reads dates as local (UTC+8) days, both ends inclusive', async () => {
    // FX-3 happened at 00:30 on 2 March local time, which is still 1 March in UTC.
    expect(ids(await (await get('from=2010-03-01&to=2010-03-01')).json())).toEqual(['FX-1', 'FX-2']);
    expect(ids(await (await get('from=2010-03-02&to=2010-03-02')).json())).toEqual(['FX-3']);
    expect(ids(await (await get('from=2010-12-31&to=2010-12-31')).json())).toEqual(['FX-4']);
  });

  it('filters by severity', async () => {
    expect(ids(await (await get(`${year}&severity=fatal`)).json())).toEqual(['FX-1', 'FX-4']);
    expect(ids(await (await get(`${year}&severity=injury,pdo`)).json())).toEqual(['FX-2', 'FX-3', 'FX-5']);
  });

  it('filters by bbox', async () => {
    const fc = await (await get(`${year}&bbox=115.97,36.44,115.9815,36.46`)).json();
    expect(ids(fc)).toEqual(['FX-1', 'FX-2']);
    expect(fc.features[0].geometry).toEqual({ type: 'Point', coordinates: [115.98, 36.45] });
  });

  it('gives each feature its attributes with a +08:00 time', async () => {
    const fc = await (await get(`${year}&severity=fatal`)).json();
    expect(fc.features[1].properties).toMatchObject({
      externalId: 'FX-4', occurredAt: '2010-12-31T23:59:59+08:00', severity: 'fatal', deaths: 2, injuries: 1,
      vehicleTypes: ['tricycle'], light: 'dark_unlit', weather: 'clear',
    });
  });

  it('returns an empty collection, not an error, when nothing matches', async () => {
    const fc = await (await get('from=2005-01-01&to=2005-01-02')).json();
    expect(fc).toEqual({ type: 'FeatureCollection', features: [] });
  });
});

describe('GET /api/accidents?format=binary', () => {
  it('encodes the whole city in 12 bytes an accident plus a 64-byte header', async () => {
    const res = await get('format=binary');
    expect(res.status).toBe(200);
    const buf = await res.arrayBuffer();
    const n = new DataView(buf).getUint32(8, true);
    const total = (await t.pool.query('SELECT count(*) AS n FROM accidents')).rows[0].n;
    expect(n).toBe(total);
    expect(buf.byteLength).toBe(HEADER_BYTES + BYTES_PER_ACCIDENT * n);
    expect(String.fromCharCode(...new Uint8Array(buf, 0, 4))).toBe('CAAC');
  });

  it('orders rows by time, then id', async () => {
    const buf = await (await get('format=binary')).arrayBuffer();
    const n = new DataView(buf).getUint32(8, true);
    const expected = (await t.pool.query('SELECT id FROM accidents ORDER BY occurred_at, id')).rows.map((r) => r.id);
    expect(Array.from(new Uint32Array(buf, HEADER_BYTES, n))).toEqual(expected);
  });

  it('is gzip-compressed when the client accepts it', async () => {
    const res = await t.app.request('/api/accidents?format=binary', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const plain = await (await get('format=binary')).arrayBuffer();
    const zipped = await res.arrayBuffer(); // app.request does not decode: these are wire bytes
    expect(zipped.byteLength).toBeLessThan(plain.byteLength);
  });

  it('round-trips position, date, hour and flags of the fixtures', async () => {
    const buf = await (await get(`${year}&format=binary`)).arrayBuffer();
    const v = new DataView(buf);
    const n = v.getUint32(8, true);
    expect(n).toBe(5);
    const box = [0, 1, 2, 3].map((i) => v.getFloat64(16 + 8 * i, true));
    expect(v.getInt32(48, true)).toBe(DAY_ZERO);
    const xs = new Uint16Array(buf, HEADER_BYTES + 4 * n, n);
    const ys = new Uint16Array(buf, HEADER_BYTES + 6 * n, n);
    const days = new Uint16Array(buf, HEADER_BYTES + 8 * n, n);
    const hours = new Uint8Array(buf, HEADER_BYTES + 10 * n, n);
    const flags = new Uint8Array(buf, HEADER_BYTES + 11 * n, n);
    // FX-1: 115.98, 36.45 at 2010-03-01 08:00, fatal, day, e-bike involved.
    const lon = box[0] + (xs[0] / 65535) * (box[2] - box[0]);
    const lat = box[1] + (ys[0] / 65535) * (box[3] - box[1]);
    expect(Math.abs(lon - 115.98)).toBeLessThan(2e-5);
    expect(Math.abs(lat - 36.45)).toBeLessThan(2e-5);
    const date = new Date((DAY_ZERO + days[0]) * 86_400_000).toISOString().slice(0, 10);
    expect(date).toBe('2010-03-01');
    expect(hours[0]).toBe(8);
    expect(flags[0]).toBe(0 | (0 << 2) | 16);
    // FX-3 (third in time): 00:30 on 2 March local, pdo, dark-unlit, truck.
    expect(new Date((DAY_ZERO + days[2]) * 86_400_000).toISOString().slice(0, 10)).toBe('2010-03-02');
    expect(hours[2]).toBe(0);
    expect(flags[2]).toBe(2 | (3 << 2) | 64);
  });
});

describe('GET /api/accidents/:id', () => {
  it('returns one accident with its county', async () => {
    const id = (await t.pool.query(`SELECT id FROM accidents WHERE external_id = 'FX-1'`)).rows[0].id;
    const res = await t.app.request(`/api/accidents/${id}`);
    expect(res.status).toBe(200);
    // Not imported: no source, none of an export's own fields.
    expect(await res.json()).toMatchObject({ externalId: 'FX-1', severity: 'fatal', countyName: '东昌府区', source: null, place: null, propertyLoss: null });
  });

  it('returns 404 for an unknown id and 400 for a non-number', async () => {
    expect((await t.app.request('/api/accidents/999999999')).status).toBe(404);
    const bad = await t.app.request('/api/accidents/abc');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].param).toBe('id');
  });
});
