import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gcj02ToWgs84 } from '../../api/lib/china-crs';
import { coordinatePair, crossingTerms } from '../../api/search/route';
import { errorOf, okJson, signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let donge: Client;
let gaotang: Client;
beforeAll(async () => {
  t = await createTestApp();
  [donge, gaotang] = await Promise.all([signIn(t.app, 'officer.donge'), signIn(t.app, 'officer.gaotang')]);
});
afterAll(() => t.close());

interface Found {
  kind: string;
  key: string;
  name: string;
  detail: string | null;
  at: [number, number];
  bbox: [number, number, number, number] | null;
  shape: { type: string } | null;
  extra: Record<string, unknown> | null;
}
const search = async (q: string, as?: Client): Promise<{ results: Found[]; coordinate: { lon: number; lat: number; inLiaocheng: boolean } | null }> =>
  okJson(as ? as.get(`/api/search?q=${encodeURIComponent(q)}`) : t.app.request(`/api/search?q=${encodeURIComponent(q)}`));
const one = async (sql: string, params: unknown[] = []) => (await t.pool.query(sql, params)).rows[0];
const extentOf = async (sql: string, params: unknown[]) =>
  Object.values(await one(`SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n FROM (SELECT ST_Extent(geom) AS e FROM (${sql}) g) x`, params)).map(Number);
const expectBox = (got: number[] | null, want: number[]) => {
  expect(got).not.toBeNull();
  got!.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
};

describe('GET /api/search: places', () => {
  it('finds a county by part of its name, first, with the box of its boundary', async () => {
    const { results } = await search('东阿');
    expect(results[0]).toMatchObject({ kind: 'county', key: '371524', name: '东阿县' });
    expectBox(results[0].bbox, await extentOf(`SELECT geom FROM jurisdictions WHERE code = $1`, ['371524']));
    expect(results[0].shape?.type).toMatch(/LineString/);
    // English names are searched too.
    expect((await search("dong'e")).results[0]).toMatchObject({ kind: 'county', key: '371524' });
  });

  it('finds a township by its name, naming its county', async () => {
    const tw = await one(`SELECT t.code, t.name, c.name AS county FROM jurisdictions t JOIN jurisdictions c ON c.code = t.parent_code
                          WHERE t.level = 'township' AND t.parent_code = '371526' ORDER BY t.code LIMIT 1`);
    const { results } = await search(tw.name);
    expect(results[0]).toMatchObject({ kind: 'township', key: tw.code, name: tw.name, detail: tw.county });
  });

  it('finds a village, naming its township and county, and says its position is synthetic', async () => {
    const v = await one(`SELECT v.code, v.name, short_place_name(v.name) AS short, t.name AS township, c.name AS county, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat
                         FROM villages v JOIN jurisdictions t ON t.code = v.township_code JOIN jurisdictions c ON c.code = v.county_code
                         WHERE (SELECT count(*) FROM villages w WHERE w.name = v.name) = 1 ORDER BY v.code LIMIT 1 OFFSET 100`);
    const { results } = await search(v.name);
    const found = results.find((r) => r.kind === 'village' && r.key === v.code);
    expect(found).toMatchObject({ name: v.short, detail: `${v.township} · ${v.county}`, extra: { synthetic: true } });
    expect(found!.at[0]).toBeCloseTo(v.lon, 5);
    expect(found!.at[1]).toBeCloseTo(v.lat, 5);
    expect(Object.keys(found!)).not.toContain('rank'); // the ranking is not sent
  });

  it('takes % and _ as themselves, not as wildcards', async () => {
    expect((await search('%')).results).toEqual([]);
    expect((await search('_')).results).toEqual([]);
  });
});

describe('GET /api/search: roads and intersections', () => {
  it('finds a road by name as one road, all its pieces in its box and shape', async () => {
    const road = await one(`SELECT name, count(*)::int AS pieces FROM roads WHERE name IS NOT NULL GROUP BY name ORDER BY count(*) DESC, name LIMIT 1`);
    expect(road.pieces).toBeGreaterThan(1);
    const { results } = await search(road.name);
    const found = results.filter((r) => r.kind === 'road' && r.name === road.name);
    expect(found.length).toBeGreaterThanOrEqual(1);
    const byRef = await t.pool.query(`SELECT DISTINCT coalesce(ref, '') AS ref FROM roads WHERE name = $1`, [road.name]);
    expect(found.map((r) => r.key.split('|')[0]).sort()).toEqual(byRef.rows.map((r) => r.ref).sort().slice(0, found.length));
    const first = found[0];
    const ref = first.key.split('|')[0];
    expectBox(first.bbox, await extentOf(`SELECT geom FROM roads WHERE name = $1 AND coalesce(ref, '') = $2`, [road.name, ref]));
    expect(first.shape?.type).toMatch(/LineString/);
    const length = await one(`SELECT round(sum(ST_Length(geom_m))) AS m FROM roads WHERE name = $1 AND coalesce(ref, '') = $2`, [road.name, ref]);
    expect(Number(first.extra?.lengthM)).toBe(Number(length.m));
  });

  it('finds a road by its number, in any case', async () => {
    const r = await one(`SELECT ref FROM roads WHERE ref IS NOT NULL GROUP BY ref ORDER BY count(*) DESC, ref LIMIT 1`);
    const { results } = await search(r.ref.toLowerCase());
    expect(results[0]).toMatchObject({ kind: 'road', extra: expect.objectContaining({ ref: r.ref }) });
  });

  it('finds an intersection by its two roads, written as people write them', async () => {
    const x = await one(`SELECT a.intersection_id AS id, a.road_name AS a, b.road_name AS b, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
                         FROM approaches a JOIN approaches b ON b.intersection_id = a.intersection_id AND b.road_name > a.road_name
                         JOIN intersections i ON i.id = a.intersection_id
                         ORDER BY a.intersection_id LIMIT 1`);
    for (const q of [`${x.a}与${x.b}`, `${x.a} ${x.b}路口`, `${x.b}和${x.a}交叉口`]) {
      const { results } = await search(q);
      const found = results.find((r) => r.kind === 'intersection' && r.key === String(x.id));
      expect(found, q).toBeDefined();
      expect(found!.name.split(' × ').sort()).toEqual([x.a, x.b].sort());
      expect(found!.at[0]).toBeCloseTo(x.lon, 5);
      expect(found!.at[1]).toBeCloseTo(x.lat, 5);
    }
  });

  it('reads the two roads of a crossing out of the text', () => {
    expect(crossingTerms('东昌路与柳园路')).toEqual(['东昌路', '柳园路']);
    expect(crossingTerms('东昌路 柳园路口')).toEqual(['东昌路', '柳园路']);
    expect(crossingTerms('G105 & S254')).toEqual(['G105', 'S254']);
    expect(crossingTerms('东昌路和柳园路交叉口')).toEqual(['东昌路', '柳园路']);
    expect(crossingTerms('新和路和和平路')).toEqual(['新和路', '和平路']);
    expect(crossingTerms('尹固大街 尹固村路路口')).toEqual(['尹固大街', '尹固村路']);
    expect(crossingTerms('东昌路')).toBeNull();
  });
});

describe('GET /api/search: hazards', () => {
  it('finds a hazard by its number for those who may read it, and for nobody else', async () => {
    // Two of 东阿's, registered here.
    for (const [i, lon] of [116.251, 116.252].entries()) {
      await okJson(donge.send('POST', '/api/hazards', { type: 'vegetation', description: `搜索测试 ${i}`, risk: 'general', lon, lat: 36.331, confirmNotDuplicate: true }), 201);
    }
    const h = await one(`SELECT id, number FROM hazards WHERE county_code = '371524' ORDER BY id LIMIT 1`);
    const { results } = await search(h.number, donge);
    expect(results[0]).toMatchObject({ kind: 'hazard', key: String(h.id), name: h.number });
    // Anonymous, or another brigade: no hazard at all.
    expect((await search(h.number)).results.filter((r) => r.kind === 'hazard')).toEqual([]);
    expect((await search(h.number, gaotang)).results.filter((r) => r.kind === 'hazard')).toEqual([]);
    // Part of a number: the brigade's hazards of that year, newest first.
    const prefix = h.number.split('-').slice(0, 2).join('-');
    const part = (await search(prefix, donge)).results.filter((r) => r.kind === 'hazard');
    expect(part.length).toBeGreaterThan(1);
    expect(part.every((r) => r.name.startsWith(prefix))).toBe(true);
  });
});

describe('GET /api/search: coordinates', () => {
  it('reads a pair in either order, as WGS-84 and as the Chinese map apps’ systems', async () => {
    expect(coordinatePair('116.25, 36.3')).toEqual([116.25, 36.3]);
    expect(coordinatePair('36.3，116.25')).toEqual([116.25, 36.3]);
    expect(coordinatePair('东昌路 12')).toBeNull();
    const { results, coordinate } = await search('36.3 116.25');
    expect(coordinate).toEqual({ lon: 116.25, lat: 36.3, inLiaocheng: true });
    expect(results.map((r) => r.key)).toEqual(['wgs84', 'gcj02', 'bd09']);
    expect(results[0].at).toEqual([116.25, 36.3]);
    const gcj = gcj02ToWgs84(116.25, 36.3);
    expect(results[1].at[0]).toBeCloseTo(gcj[0], 6);
    expect(results[1].at[1]).toBeCloseTo(gcj[1], 6);
  });

  it('says when a pair lies outside Liaocheng, and finds nothing there', async () => {
    expect(await search('121.47, 31.23')).toMatchObject({ results: [], coordinate: { lon: 121.47, lat: 31.23, inLiaocheng: false } });
  });
});

describe('GET /api/search: bad input', () => {
  it('refuses a missing, empty, long or NUL-holding q with a 400 naming q', async () => {
    for (const q of ['', '?q=', `?q=${'路'.repeat(61)}`, '?q=%00', '?q=%20%20']) {
      const e = await errorOf(t.app.request(`/api/search${q}`), 400);
      expect(e.details[0].param, q).toBe('q');
    }
  });
});
