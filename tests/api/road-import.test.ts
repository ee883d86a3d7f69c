import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '@api/lib/china-crs';
import { writeOsmPbf, type PbfNode, type PbfWay } from '@scripts/fixtures/osm-pbf-writer';
import { writeShapefileZip } from '@scripts/fixtures/shapefile-writer';
import { removeDemo } from '@api/seed/remove-demo';
import { seedDemoHazards } from '@api/seed/demo-hazards';
import { ensureLights } from '@api/seed/lights';
import { ensureMarkets } from '@api/seed/markets';
import { ensureSchools } from '@api/seed/schools';
import { privateWorld } from '../support/private-world';
import { errorOf, okJson, signIn, type Client } from '../support/session';

/**
 * Road networks in: an OpenStreetMap extract (.osm.pbf, written by the test), GeoJSON in GCJ-02 and
 * a zipped Shapefile in a projected CGCS2000 system with GBK attributes, merged into or replacing
 * the generated network; the routes, the accidents' snapping, the intersections and their sight
 * lines follow. A database of its own: the other tests read the shared network.
 */
let w: Awaited<ReturnType<typeof privateWorld>>;
let admin: Client;

const SEATS = { donge: [116.2432, 36.3359], chiping: [116.2419, 36.5942], guan: [115.4351, 36.4803], linqing: [115.7109, 36.8409], gaotang: [116.2221, 36.8597] } as const;
const CGCS2000_GK_117 = `PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;

beforeAll(async () => {
  // The whole demo (markets, lights, hazards, schools …): the demo's removal is tested here too.
  w = await privateWorld({ full: true });
  admin = await signIn(w.app, 'admin');
}, 180_000);
afterAll(async () => {
  await w?.close();
});

function upload(client: Client, bytes: Uint8Array, query: Record<string, string>) {
  return w.app.request(`/api/roads/import?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': 'application/octet-stream' },
    body: bytes as BodyInit,
  });
}

const count = async (sql: string, params: unknown[] = []) => (await w.pool.query<{ n: number }>(`SELECT (${sql})::int AS n`, params)).rows[0].n;

/** A grid of n × n streets from `origin`, 0.0015° apart, each street split into ways between crossings and running 0.001° past the last: n² four-way crossings. */
function grid(origin: readonly number[], n: number, firstId: number, tags: [Record<string, string>, Record<string, string>]) {
  const nodes: PbfNode[] = [];
  const ways: PbfWay[] = [];
  let id = firstId;
  const node = (lon: number, lat: number) => {
    nodes.push({ id: ++id, lon, lat });
    return id;
  };
  const ids: number[][] = [];
  for (let i = 0; i < n; i++) {
    ids.push([]);
    for (let j = 0; j < n; j++) ids[i].push(node(origin[0] + 0.0015 * i, origin[1] + 0.0015 * j));
  }
  for (let i = 0; i < n; i++) {
    // Street i north–south (x fixed) and street i east–west (y fixed), with an end beyond each side.
    const ns = [node(origin[0] + 0.0015 * i, origin[1] - 0.001), ...ids[i], node(origin[0] + 0.0015 * i, origin[1] + 0.0015 * (n - 1) + 0.001)];
    const ew = [node(origin[0] - 0.001, origin[1] + 0.0015 * i), ...ids.map((col) => col[i]), node(origin[0] + 0.0015 * (n - 1) + 0.001, origin[1] + 0.0015 * i)];
    for (const [line, t, name] of [[ns, tags[0], `纵${i}路`], [ew, tags[1], `横${i}街`]] as const) {
      for (let k = 0; k + 1 < line.length; k++) ways.push({ id: ++id, refs: [line[k], line[k + 1]], tags: { ...t, name } });
    }
  }
  return { nodes, ways, next: id };
}

describe('importing a road network', () => {
  it('refuses what is not a road network it can read, naming the file and the reason, and changes nothing', async () => {
    const before = await count('SELECT count(*) FROM roads');
    const n = (id: number, lon: number, lat: number) => ({ id, lon, lat });
    const line = [n(1, 116.25, 36.34), n(2, 116.26, 36.34)];
    const way = { id: 10, refs: [1, 2], tags: { highway: 'primary' } };
    const cases: [Uint8Array, string][] = [
      [Buffer.from('hello, roads'), 'format'],
      [writeOsmPbf(line, [way], { required: ['OsmSchema-V0.6', 'HistoricalInformation'] }), 'unsupported'],
      [writeOsmPbf(line, [way]).subarray(0, 60), 'truncated'],
      [JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { highway: 'primary' }, geometry: { type: 'LineString', coordinates: [[500123, 4023456], [501123, 4023456]] } }] }) as never, 'not_lon_lat'],
      [JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { highway: 'primary' }, geometry: { type: 'LineString', coordinates: [[116.39, 39.9], [116.4, 39.9]] } }] }) as never, 'outside_liaocheng'],
      [JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { 等级: '小路' }, geometry: { type: 'LineString', coordinates: [[116.25, 36.34], [116.26, 36.34]] } }] }) as never, 'no_classes'],
      [Buffer.from('{"type": "FeatureCollection", "features": ['), 'not_json'],
    ];
    // A way's block that unpacks past the format's 32 MB: a zip bomb, refused as it unpacks.
    const bomb = writeOsmPbf(line, [way]);
    const blob = Buffer.concat([Buffer.from([0x10, 0x80, 0x80, 0x80, 0x20, 0x1a]), varint(deflateSync(Buffer.alloc(40 * 1024 * 1024)).length), deflateSync(Buffer.alloc(40 * 1024 * 1024))]);
    const header = Buffer.concat([Buffer.from([0x0a, 7]), Buffer.from('OSMData'), Buffer.from([0x18]), varint(blob.length)]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(header.length);
    cases.push([Buffer.concat([bomb, length, header, blob]), 'bad_block']);
    // Ways before nodes: not the sorted file every extract is.
    const unsorted = Buffer.concat([writeOsmPbf([], [way]), writeOsmPbf(line, []).subarray(writeOsmPbf([], []).length)]);
    cases.push([unsorted, 'not_sorted']);
    for (const [bytes, rule] of cases) {
      const body = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
      const e = await errorOf(upload(admin, body, { name: `bad-${rule}`, preview: 'true' }), 400);
      expect(e.details[0], rule).toMatchObject({ field: 'file', rule });
    }
    expect(await count('SELECT count(*) FROM roads')).toBe(before);

    // The mapping form's values for the file whose classes are unknown; then the class mapped, it reads.
    const unknown = cases[5][0];
    const e = await errorOf(upload(admin, Buffer.from(unknown as unknown as string), { preview: 'true' }), 400);
    expect(e.read.values).toEqual([{ value: '小路', count: 1, class: null }]);
    const mapped = await okJson(upload(admin, Buffer.from(unknown as unknown as string), { preview: 'true', mapping: JSON.stringify({ values: { 小路: 'village' } }) }));
    expect(mapped).toMatchObject({ preview: true, kept: 1, byClass: [{ class: 'village', roads: 1 }] });

    // The query's own faults name the parameter; a leader or officer may not import a network.
    expect((await errorOf(upload(admin, Buffer.from('{}'), { mode: 'swap' }), 400)).details[0].param).toBe('mode');
    expect((await errorOf(upload(admin, Buffer.from('{}'), { mapping: '{"values": {"a": "motorway"}}' }), 400)).details[0]).toMatchObject({ param: 'mapping', path: 'mapping.values.a' });
    expect((await errorOf(upload(admin, Buffer.from('{}'), { mapping: 'nope' }), 400)).details[0]).toMatchObject({ param: 'mapping', rule: 'not_json' });
    await errorOf(upload(await signIn(w.app, 'officer.donge'), Buffer.from('{}'), {}), 403);
    await errorOf(upload(await signIn(w.app, 'leader'), Buffer.from('{}'), {}), 403);
    expect(await count('SELECT count(*) FROM roads')).toBe(before);
  });

  it('merges GeoJSON in GCJ-02: the generated road it duplicates goes, the others stay, and its class words are read', async () => {
    // A generated county road of 东阿, sent back as a road authority's line in GCJ-02.
    const road = (await w.pool.query(
      `SELECT r.id, ST_AsGeoJSON(r.geom)::json AS g FROM roads r JOIN jurisdictions j ON j.code = '371524' AND ST_Contains(ST_Buffer(j.geom, -0.02), r.geom)
       WHERE r.class = 'county' AND ST_NPoints(r.geom) >= 3 AND ST_Length(r.geom_m) > 300 ORDER BY r.id LIMIT 1`,
    )).rows[0] as { id: number; g: { coordinates: [number, number][] } };
    const far = [SEATS.guan[0] + 0.06, SEATS.guan[1] - 0.05];
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: 'K1', properties: { 道路名称: '测试县道', 等级: '县道', 路线编号: 'X901', 设计速度: '60' }, geometry: { type: 'LineString', coordinates: road.g.coordinates.map(([x, y]) => wgs84ToGcj02(x, y)) } },
        { type: 'Feature', properties: { 道路名称: '新修乡道', 等级: '乡道' }, geometry: { type: 'MultiLineString', coordinates: [[far.map((v) => v), [far[0] + 0.01, far[1]]].map((p) => wgs84ToGcj02(p[0], p[1]))] } },
        { type: 'Feature', properties: { 道路名称: '一个点', 等级: '县道' }, geometry: { type: 'Point', coordinates: [116.25, 36.34] } },
        { type: 'Feature', properties: { 道路名称: '坏线', 等级: '县道' }, geometry: { type: 'LineString', coordinates: [[116.25, 36.34], ['x', 36.35]] } },
        { type: 'Feature', properties: { 道路名称: '小路', 等级: '机耕路' }, geometry: { type: 'LineString', coordinates: [[116.25, 36.34], [116.26, 36.35]] } },
      ],
    };
    const bytes = Buffer.from(JSON.stringify(fc));
    const before = await count('SELECT count(*) FROM roads');
    const synthetic = await count('SELECT count(*) FROM roads WHERE synthetic');
    // What a phone kept of the trunk roads before the import (its ETag, asked again on its next start).
    const trunk = '/api/roads?class=county,urban_arterial,provincial,national,expressway';
    const keptTag = (await w.app.request(trunk)).headers.get('etag')!;
    const baseVersion = (await okJson(w.app.request('/api/config'))).baseDataVersion;

    const preview = await okJson(upload(admin, bytes, { name: 'roads-gcj.geojson', crs: 'gcj02', preview: 'true' }));
    expect(preview).toMatchObject({
      preview: true, format: 'geojson', read: 5, notLines: 1, rejectedCount: 1, unmapped: 1, kept: 2,
      crs: { from: 'form', crs: 'gcj02' },
      mapping: { class: '等级', name: '道路名称', ref: '路线编号', speed: '设计速度' },
      rejected: [{ feature: 4, rule: 'bad_geometry' }],
      network: { mode: 'merge', before, added: 2 },
    });
    expect(preview.values).toContainEqual({ value: '机耕路', count: 1, class: null });
    expect(preview.network.removed).toBeGreaterThanOrEqual(1);
    expect(await count('SELECT count(*) FROM roads')).toBe(before);

    const done = await okJson(upload(admin, bytes, { name: 'roads-gcj.geojson', crs: 'gcj02' }));
    expect(done.network).toMatchObject({ removed: preview.network.removed, added: 2, roads: before - preview.network.removed + 2, synthetic: synthetic - preview.network.removedSynthetic });
    expect(await count('SELECT count(*) FROM roads WHERE id = $1', [road.id])).toBe(0);
    const got = (await w.pool.query(
      `SELECT r.class, r.ref, r.design_speed, r.synthetic, r.source_key, r.source->>'file' AS file, r.county_code,
              ST_HausdorffDistance(r.geom_m, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), metric_srid())) AS off
       FROM roads r WHERE r.name = '测试县道'`, [JSON.stringify(road.g)],
    )).rows;
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ class: 'county', ref: 'X901', design_speed: 60, synthetic: false, source_key: 'id/K1', file: 'roads-gcj.geojson', county_code: '371524' });
    expect(got[0].off).toBeLessThan(1);
    expect((await w.pool.query(`SELECT class FROM roads WHERE name = '新修乡道'`)).rows).toEqual([{ class: 'township' }]);
    // The phone's next start: its kept trunk roads are not answered with a 304, but with the new network.
    const next = await w.app.request(trunk, { headers: { 'if-none-match': keptTag } });
    expect(next.status).toBe(200);
    expect(next.headers.get('etag')).not.toBe(keptTag);
    expect(JSON.stringify(await next.json())).toContain('测试县道');
    // And the config names a new load of the base map, which the client puts in the sources' URLs.
    expect((await okJson(w.app.request('/api/config'))).baseDataVersion).not.toBe(baseVersion);
    // The network was analysed again: intersections exist, with a run recorded by the admin.
    expect(done.intersections).toBe(await count('SELECT count(*) FROM intersections'));
    expect(await count(`SELECT count(*) FROM sight_runs r JOIN users u ON u.id = r.run_by WHERE u.username = 'admin'`)).toBeGreaterThanOrEqual(1);
  }, 180_000);

  it('merges a zipped Shapefile in a projected CGCS2000 system (.prj) with GBK attributes and no .cpg', async () => {
    const wgs = [[SEATS.gaotang[0] + 0.03, SEATS.gaotang[1] + 0.01], [SEATS.gaotang[0] + 0.045, SEATS.gaotang[1] + 0.012], [SEATS.gaotang[0] + 0.06, SEATS.gaotang[1] + 0.011]];
    const projected = (await w.pool.query(
      `SELECT ST_X(p) AS x, ST_Y(p) AS y FROM unnest($1::float8[], $2::float8[]) AS t(lon, lat),
       LATERAL ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), $3::text) p`,
      [wgs.map((p) => p[0]), wgs.map((p) => p[1]), CGCS2000_GK_117],
    )).rows.map((r) => [r.x, r.y] as [number, number]);
    expect(projected[0][0]).toBeGreaterThan(400_000); // metres east, not degrees
    const zip = writeShapefileZip([{ parts: [projected], props: { 名称: '高唐测试路', 等级: '县道', 设计速度: '60 km/h' } }], { prj: CGCS2000_GK_117, encoding: 'gbk' });
    const done = await okJson(upload(admin, zip, { name: 'gaotang.zip' }));
    expect(done).toMatchObject({ format: 'shapefile', crs: { from: 'prj' }, kept: 1, network: { added: 1 } });
    const r = (await w.pool.query(
      `SELECT class, design_speed, county_code,
              ST_HausdorffDistance(geom_m, ST_Transform(ST_SetSRID(ST_MakeLine(ARRAY[${wgs.map((p) => `ST_MakePoint(${p[0]}, ${p[1]})`).join(',')}]), 4326), metric_srid())) AS off
       FROM roads WHERE name = '高唐测试路'`,
    )).rows;
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ class: 'county', design_speed: 60, county_code: '371526' });
    expect(r[0].off).toBeLessThan(1);
  }, 180_000);

  it('removes the demo once real data is in: every synthetic record and its history, the generated roads; imported and entered records stay', async () => {
    // Real records beside the demo: a hazard an officer registers (with its events), an imported accident.
    const officer = await signIn(w.app, 'officer.donge');
    const hazard = await okJson(officer.send('POST', '/api/hazards', { type: 'other', description: '真实隐患', risk: 'general', lon: SEATS.donge[0] + 0.002, lat: SEATS.donge[1] + 0.001, confirmNotDuplicate: true }), 201);
    await w.pool.query(
      `INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, light, synthetic, source, imported_at, geom)
       VALUES ('REAL-1', '2024-05-01 08:00+08', 'injury', 0, 1, 'day', false, '{"file": "real.xlsx"}', now(), ST_SetSRID(ST_MakePoint($1, $2), 4326))`,
      [SEATS.donge[0] + 0.003, SEATS.donge[1]],
    );
    const tables = ['accidents', 'hazards', 'markets', 'schools', 'lights', 'obstacles', 'roads'];
    const synthetic = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(`SELECT count(*) FROM ${t} WHERE synthetic`)])));
    const before = await synthetic();
    for (const t of tables) expect(before[t], t).toBeGreaterThan(0);
    const kept = await count('SELECT count(*) FROM roads WHERE NOT synthetic');
    const events = await count('SELECT count(*) FROM hazard_events WHERE hazard_id = $1', [hazard.id]);

    const r = await removeDemo(w.pool);
    expect(r.removed).toEqual(before);
    expect(await synthetic()).toEqual(Object.fromEntries(tables.map((t) => [t, 0])));
    for (const t of ['school_gates', 'guard_posts', 'school_audits', 'kilometre_posts']) expect(await count(`SELECT count(*) FROM ${t} WHERE synthetic`), t).toBe(0);
    // What was real is all there: the entered hazard with its history, the imported accident, the roads not generated.
    expect(await count('SELECT count(*) FROM hazard_events WHERE hazard_id = $1', [hazard.id])).toBe(events);
    expect(await count(`SELECT count(*) FROM accidents WHERE external_id = 'REAL-1'`)).toBe(1);
    expect(await count('SELECT count(*) FROM roads')).toBe(kept);
    // Rebuilt on what is left: the intersections of the remaining roads, analysed; no accident names a road that went.
    expect(r.intersections).toBe(await count('SELECT count(*) FROM intersections'));
    expect(await count('SELECT count(*) FROM accidents WHERE snap_road_id IS NOT NULL AND snap_road_id NOT IN (SELECT id FROM roads)')).toBe(0);
    // The ledger is still append-only outside the removal.
    await expect(w.pool.query('DELETE FROM hazard_events WHERE hazard_id = $1', [hazard.id])).rejects.toThrow(/append-only/);
    // Nothing demo comes back on the next start.
    expect(await ensureMarkets(w.pool, 7)).toBe(0);
    expect(await ensureLights(w.pool, 7)).toBe(0);
    expect(await ensureSchools(w.pool, 7)).toBe(0);
    expect(await seedDemoHazards(w.pool, 7)).toBe(0);
    expect((await w.pool.query(`SELECT value FROM app_settings WHERE key = 'demo_data'`)).rows[0].value).toBe('0');
  }, 240_000);

  it('replaces the network with an OpenStreetMap extract: cut to the city and its counties, classed, intersections analysed, accidents snapped again', async () => {
    const a = grid([SEATS.donge[0] + 0.003, SEATS.donge[1] + 0.003], 6, 1000, [{ highway: 'tertiary', maxspeed: '40', lit: 'yes' }, { highway: 'residential' }]);
    const b = grid([SEATS.guan[0] + 0.003, SEATS.guan[1] + 0.003], 10, a.next, [{ highway: 'secondary', maxspeed: '30 mph' }, { highway: 'unclassified' }]);
    let id = b.next;
    const nodes = [...a.nodes, ...b.nodes];
    const ways = [...a.ways, ...b.ways];
    const line = (from: readonly number[], to: readonly number[], steps: number, tags: Record<string, string>) => {
      const refs: number[] = [];
      for (let k = 0; k <= steps; k++) {
        nodes.push({ id: ++id, lon: from[0] + ((to[0] - from[0]) * k) / steps, lat: from[1] + ((to[1] - from[1]) * k) / steps });
        refs.push(id);
      }
      ways.push({ id: ++id, refs, tags });
      return id;
    };
    // G220 from south-west of 东阿's seat to 茌平's: across a county border.
    const trunk = line([SEATS.donge[0] - 0.01, SEATS.donge[1] - 0.01], SEATS.chiping, 30, { highway: 'trunk', ref: 'G220', name: '国道220线' });
    // West out of 临清 into Hebei: cut at the city's border.
    const west = line(SEATS.linqing, [SEATS.linqing[0] - 0.12, SEATS.linqing[1]], 24, { highway: 'primary', ref: 'S254' });
    // In Beijing: outside entirely. A footway and a service road: not roads the analyses consider.
    line([116.39, 39.9], [116.4, 39.9], 2, { highway: 'primary' });
    line([SEATS.guan[0] - 0.01, SEATS.guan[1] - 0.01], [SEATS.guan[0] - 0.005, SEATS.guan[1] - 0.01], 2, { highway: 'footway' });
    line([SEATS.guan[0] - 0.01, SEATS.guan[1] - 0.02], [SEATS.guan[0] - 0.005, SEATS.guan[1] - 0.02], 2, { highway: 'service' });
    // Buildings' outlines: ways without highway=*, never read as roads.
    line([SEATS.guan[0] - 0.02, SEATS.guan[1]], [SEATS.guan[0] - 0.019, SEATS.guan[1]], 2, { building: 'yes' });
    const pbf = writeOsmPbf(nodes, ways);
    expect(ways.length).toBeGreaterThan(300);

    const accidents = await count('SELECT count(*) FROM accidents');
    const preview = await okJson(upload(admin, pbf, { name: 'liaocheng.osm.pbf', mode: 'replace', preview: 'true' }));
    expect(preview).toMatchObject({ format: 'osm.pbf', crs: { from: 'default', crs: 'wgs84' }, outside: 1, unmapped: 2, network: { mode: 'replace', removed: preview.network.before } });
    expect(preview.values).toEqual(expect.arrayContaining([{ value: 'footway', count: 1, class: null }, { value: 'service', count: 1, class: null }, { value: 'tertiary', count: 42, class: 'township' }]));
    expect(preview.read).toBe(ways.length - 1);

    const done = await okJson(upload(admin, pbf, { name: 'liaocheng.osm.pbf', mode: 'replace' }));
    expect(done.network).toMatchObject({ roads: preview.network.added, synthetic: 0 });
    // Every crossing of the two grids is a four-way intersection, and nothing else is: the trunk and S254 cross nothing.
    expect(done.intersections).toBe(36 + 100);
    expect(await count(`SELECT count(*) FROM intersections WHERE kind = 'four'`)).toBe(136);
    expect(await count('SELECT count(DISTINCT intersection_id) FROM sight_triangles')).toBe(136);
    // Classes: G220 is national whatever the tag; S254 provincial; residential an urban street; speeds from maxspeed (30 mph = 48 km/h).
    const roads = (await w.pool.query(`SELECT source_key, class, ref, design_speed, lit, urban, county_code FROM roads ORDER BY id`)).rows;
    // Pieces in each county it crosses (茌平's border runs through 东昌府区 here), each within the county it names.
    const trunkPieces = roads.filter((r) => r.source_key.startsWith(`way/${trunk}`));
    expect(trunkPieces.map((r) => r.county_code)).toEqual(expect.arrayContaining(['371524', '371503']));
    expect(await count(
      `SELECT count(*) FROM roads r JOIN jurisdictions c ON c.code = r.county_code WHERE r.source_key LIKE $1 AND NOT ST_CoveredBy(r.geom_m, ST_Buffer(c.geom_m, 1))`,
      [`way/${trunk}%`],
    )).toBe(0);
    expect(roads.find((r) => r.source_key.startsWith(`way/${trunk}`))).toMatchObject({ class: 'national', ref: 'G220', urban: false });
    expect(roads.filter((r) => r.design_speed === 40)).toHaveLength(42);
    expect(roads.filter((r) => r.design_speed === 48)).toHaveLength(110);
    expect(roads.filter((r) => r.lit)).toHaveLength(42);
    expect(roads.filter((r) => r.class === 'urban_street' && r.urban)).toHaveLength(42);
    // S254 is cut where it leaves Liaocheng.
    const cut = (await w.pool.query(
      `SELECT bool_and(ST_CoveredBy(r.geom_m, ST_Buffer(c.geom_m, 1))) AS inside, sum(ST_Length(r.geom_m)) AS m
       FROM roads r, jurisdictions c WHERE c.level = 'city' AND r.source_key LIKE $1`, [`way/${west}%`],
    )).rows[0];
    expect(cut.inside).toBe(true);
    expect(cut.m).toBeGreaterThan(500);
    expect(cut.m).toBeLessThan(0.12 * 89_000);
    // No accident names a road that is gone; each snapped one is on an imported road, along a rebuilt route.
    expect(await count('SELECT count(*) FROM accidents')).toBe(accidents);
    expect(await count('SELECT count(*) FROM accidents WHERE road_id IS NOT NULL')).toBe(0);
    expect(await count('SELECT count(*) FROM accidents a WHERE snap_road_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM roads r WHERE r.id = a.snap_road_id)')).toBe(0);
    expect(await count('SELECT count(*) FROM accidents a WHERE snap_route_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM road_routes r WHERE r.id = a.snap_route_id)')).toBe(0);
    // The generated network's made-up kilometre posts went with it.
    expect(await count('SELECT count(*) FROM kilometre_posts WHERE synthetic')).toBe(0);
  }, 240_000);

  it("takes a road agency's kilometre posts, refusing what is not one, and places a record by its 桩号 between them", async () => {
    // Along G220 (the extract above), a post every kilometre from its southern end, 8 m beside the road, in GCJ-02 as the list says.
    const at = async (m: number, side = 8) =>
      (await w.pool.query<{ lon: number; lat: number }>(
        `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
           SELECT ST_Transform(ST_Translate(ST_LineInterpolatePoint(geom_m, $1 / length_m), $2, 0), 4326) AS p
           FROM road_routes WHERE ref = 'G220' ORDER BY length_m DESC LIMIT 1) x`, [m, side])).rows[0];
    const gcj = async (m: number, side = 8) => { const p = await at(m, side); return wgs84ToGcj02(p.lon, p.lat).map((v) => v.toFixed(7)).join(','); };
    // A made-up post of the road, to be replaced by the real ones.
    await w.pool.query(`INSERT INTO kilometre_posts (road_ref, km, synthetic, geom) SELECT 'G220', 9, true, ST_SetSRID(ST_MakePoint($1, $2), 4326)`, Object.values(await at(9000)));
    const sheet = [
      '公路里程桩一览表（坐标系：GCJ-02）',
      '路线编号,桩号,经度,纬度',
      `G220,K0,${await gcj(0)}`,
      `国道220线,K1+000,${await gcj(1000)}`, // by its name: kept under its ref
      `G220,2,${await gcj(2000)}`,
      `G220,K3,${await gcj(3000)}`,
      `X999,K1,${await gcj(1000)}`, // a road the network does not have
      `G220,K4,${await gcj(4000, 900)}`, // 900 m off the road
      `G220,K1+abc,${await gcj(1000)}`,
      `G220,K2+000,${await gcj(2000)}`, // twice
      'G220,K5,116.4,39.9', // Beijing
      'G220,K6,,',
    ].join('\n');
    const file = () => new File([sheet], '里程桩.csv');
    const preview = await okJson(admin.upload('/api/roads/posts/import', { file: file(), preview: 'true' }));
    expect(preview).toMatchObject({ preview: true, saved: 4, rejected: 6, sheet: { headerRow: 2, crs: 'gcj02', crsFrom: 'note' } });
    const byRow = Object.fromEntries(preview.rows.map((r: { row: number }) => [r.row, r]));
    expect(byRow[7]).toMatchObject({ status: 'rejected', field: 'road', rule: 'unknown_road' });
    expect(byRow[8]).toMatchObject({ status: 'rejected', field: 'lon', rule: 'far_from_road' });
    expect(byRow[8].reason).toMatch(/lies (8[5-9]\d|900) m from G220/);
    expect(byRow[9]).toMatchObject({ status: 'rejected', field: 'km', rule: 'not_a_stake' });
    expect(byRow[10]).toMatchObject({ status: 'rejected', field: 'km', rule: 'duplicate_in_file' });
    expect(byRow[10].reason).toContain('row 5');
    expect(byRow[11]).toMatchObject({ status: 'rejected', field: 'lon', rule: 'outside_liaocheng' });
    expect(byRow[12]).toMatchObject({ status: 'rejected', field: 'lon', rule: 'not_a_number' });
    expect(await count(`SELECT count(*) FROM kilometre_posts WHERE NOT synthetic`)).toBe(0);

    const done = await okJson(admin.upload('/api/roads/posts/import', { file: file() }));
    expect(done).toMatchObject({ saved: 4, updated: 0, rejected: 6 });
    const posts = (await w.pool.query(`SELECT road_ref, km, synthetic, source->>'file' AS file, (source->>'row')::int AS row FROM kilometre_posts WHERE road_ref = 'G220' ORDER BY km`)).rows;
    // The made-up K9 went; the four real ones are there, K1 under the ref its name stands for.
    expect(posts).toEqual([0, 1, 2, 3].map((km) => ({ road_ref: 'G220', km, synthetic: false, file: '里程桩.csv', row: km + 3 })));
    // GCJ-02 undone: each post stands 8 m beside the road.
    expect(await count(`SELECT count(*) FROM kilometre_posts p, roads r WHERE p.road_ref = 'G220' AND r.ref = 'G220' AND ST_DWithin(p.geom_m, r.geom_m, 8.5)
                        AND NOT ST_DWithin(p.geom_m, r.geom_m, 7.5)`)).toBe(4);
    // A network rebuild gives the road no made-up posts again.
    await w.pool.query('SELECT seed_kilometre_posts()');
    expect(await count(`SELECT count(*) FROM kilometre_posts WHERE road_ref = 'G220' AND synthetic`)).toBe(0);
    expect(await okJson(admin.get('/api/roads/network'))).toMatchObject({ posts: { imported: 4, roads: 1 } });

    // A record with only its road and 桩号 lies halfway between K1 and K2, along the road.
    const record = ['事故编号,发生时间,道路名称,公里桩号', 'POST-1,2024-06-01 10:00,国道220线,K1+500', 'POST-2,2024-06-01 11:00,G220,K3+200'].join('\n');
    const placed = await okJson(admin.upload('/api/accidents/import', { file: new File([record], '事故.csv') }));
    expect(placed.rows).toEqual([expect.objectContaining({ row: 2, status: 'saved' }), expect.objectContaining({ row: 3, status: 'rejected', field: 'stake', rule: 'beyond_posts' })]);
    const half = await at(1500, 0);
    const off = (await w.pool.query(
      `SELECT ST_Distance(a.geom_m, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), metric_srid())) AS m, a.placed_by FROM accidents a WHERE external_id = 'POST-1'`, [half.lon, half.lat])).rows[0];
    expect(off.placed_by).toBe('stake');
    // The posts stand 8 m off the road; halfway between them is 8 m off the point on the road.
    expect(off.m).toBeLessThan(9);

    // The list again with K3 moved 20 m along the road: K3 is updated, the others rewritten where they were.
    const moved = sheet.replace(`G220,K3,${await gcj(3000)}`, `G220,K3,${await gcj(3020)}`);
    const again = await okJson(admin.upload('/api/roads/posts/import', { file: new File([moved], '里程桩.csv') }));
    expect(again).toMatchObject({ saved: 0, updated: 4 });
    expect(await count(`SELECT count(*) FROM kilometre_posts WHERE road_ref = 'G220'`)).toBe(4);
    // OpenStreetMap milestones (as Overpass exports them): no road, only `distance`; each is on the numbered road beside it.
    const milestone = (p: { lon: number; lat: number }, distance: string) =>
      ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { highway: 'milestone', distance } });
    const osm = { type: 'FeatureCollection', features: [milestone(await at(4000), '4'), milestone(await at(4000, 300), '5'), { type: 'Feature', geometry: null, properties: { distance: '6' } }] };
    const fromOsm = await okJson(admin.upload('/api/roads/posts/import', { file: new File([JSON.stringify(osm)], 'milestones.geojson') }));
    expect(fromOsm).toMatchObject({ saved: 1, rejected: 2 });
    expect(fromOsm.rows[1]).toMatchObject({ row: 2, field: 'road', rule: 'required' });
    expect(fromOsm.rows[2]).toMatchObject({ row: 3, field: 'geometry', rule: 'not_a_point' });
    expect(await count(`SELECT count(*) FROM kilometre_posts WHERE road_ref = 'G220' AND km = 4 AND source->>'file' = 'milestones.geojson'`)).toBe(1);
    // Road data is the admins': an officer is refused.
    expect(await errorOf((await signIn(w.app, 'officer.donge')).upload('/api/roads/posts/import', { file: file() }), 403)).toBeTruthy();
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

describe('importing township boundaries', () => {
  function upBoundaries(bytes: Uint8Array, query: Record<string, string>) {
    return w.app.request(`/api/jurisdictions/import?${new URLSearchParams(query)}`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/octet-stream' },
      body: bytes as BodyInit,
    });
  }
  const box = (lon: number, lat: number, r: number) => [[[lon - r, lat - r], [lon + r, lat - r], [lon + r, lat + r], [lon - r, lat + r], [lon - r, lat - r]]];

  it('replaces the approximate cells it matches (by code or by name, GCJ-02 undone), shares the rest of the county, and files hazards and intersections again', async () => {
    // Two townships of 东阿 other than the seat's: one given by its 12-digit code, one by its name without 镇.
    const towns = (await w.pool.query<{ code: string; name: string }>(
      `SELECT t.code, t.name FROM jurisdictions t, jurisdictions c WHERE t.level = 'township' AND t.parent_code = '371524' AND c.code = '371524'
         AND t.name LIKE '%镇' AND NOT ST_Intersects(t.geom, ST_Buffer(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.02)) ORDER BY t.code LIMIT 1`,
      [SEATS.donge[0], SEATS.donge[1]],
    )).rows;
    const seatTown = (await w.pool.query<{ code: string }>(
      `SELECT code FROM jurisdictions WHERE level = 'township' AND parent_code = '371524' AND ST_Contains(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))`,
      [SEATS.donge[0], SEATS.donge[1]],
    )).rows[0];
    const [t1] = towns;
    // The seat's township, by name without its suffix; t1 drawn as a box around the seat, so the seat's hazard moves to it.
    const seatName = (await w.pool.query<{ name: string }>('SELECT name FROM jurisdictions WHERE code = $1', [seatTown.code])).rows[0].name;
    const gcj = (rings: number[][][]) => rings.map((ring) => ring.map(([x, y]) => wgs84ToGcj02(x, y)));
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { XZQDM: `${t1.code}000`, XZQMC: '（按代码）' }, geometry: { type: 'Polygon', coordinates: gcj(box(SEATS.donge[0], SEATS.donge[1], 0.006)) } },
        { type: 'Feature', properties: { XZQDM: '', XZQMC: seatName.replace(/(街道|镇|乡)$/, '') }, geometry: { type: 'Polygon', coordinates: gcj(box(SEATS.donge[0], SEATS.donge[1] + 0.03, 0.015)) } },
        { type: 'Feature', properties: { XZQMC: '一个点' }, geometry: { type: 'Point', coordinates: [116.2, 36.3] } },
        { type: 'Feature', properties: { XZQMC: '北京' }, geometry: { type: 'Polygon', coordinates: box(116.4, 39.9, 0.01) } },
        { type: 'Feature', properties: { XZQMC: '不存在镇' }, geometry: { type: 'Polygon', coordinates: gcj(box(SEATS.donge[0] - 0.04, SEATS.donge[1] - 0.04, 0.005)) } },
      ],
    };
    const bytes = Buffer.from(JSON.stringify(fc));
    const preview = await okJson(upBoundaries(bytes, { crs: 'gcj02', preview: 'true', name: '东阿乡镇.geojson' }));
    expect(preview).toMatchObject({ preview: true, saved: 2, rejected: 3, fields: { code: 'XZQDM', name: 'XZQMC' }, crs: { from: 'form', crs: 'gcj02' } });
    expect(preview.rows).toEqual([
      expect.objectContaining({ feature: 1, status: 'saved', id: t1.code, matchedBy: 'code', county: '371524' }),
      expect.objectContaining({ feature: 2, status: 'saved', id: seatTown.code, township: seatName, matchedBy: 'name' }),
      expect.objectContaining({ feature: 3, status: 'rejected', rule: 'not_polygon' }),
      expect.objectContaining({ feature: 4, status: 'rejected', rule: 'outside_liaocheng' }),
      expect.objectContaining({ feature: 5, status: 'rejected', rule: 'no_township', field: 'name' }),
    ]);
    expect(await count(`SELECT count(*) FROM jurisdictions WHERE level = 'township' AND NOT approximate`)).toBe(0);

    const hazard = (await w.pool.query<{ id: number; township_code: string }>(`SELECT id, township_code FROM hazards WHERE NOT synthetic ORDER BY id LIMIT 1`)).rows[0];
    expect(hazard.township_code).not.toBe(t1.code);
    const done = await okJson(upBoundaries(bytes, { crs: 'gcj02', name: '东阿乡镇.geojson' }));
    expect(done).toMatchObject({ saved: 2, townships: 2 });
    expect(done.placedAgain.hazards).toBeGreaterThanOrEqual(1);
    // The real ones: as drawn (GCJ-02 undone, within a metre), no longer approximate.
    const real = (await w.pool.query(
      `SELECT code, approximate, ST_HausdorffDistance(geom_m, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326), metric_srid())) AS off
       FROM jurisdictions WHERE code = $1`,
      [t1.code, JSON.stringify({ type: 'Polygon', coordinates: box(SEATS.donge[0], SEATS.donge[1], 0.006) })],
    )).rows[0];
    expect(real).toMatchObject({ approximate: false });
    expect(real.off).toBeLessThan(1);
    // The others share the rest: no overlap with the real ones, and together they fill the county.
    const fit = (await w.pool.query(
      `SELECT (SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom_m, r.geom_m))), 0) FROM jurisdictions a, jurisdictions r
               WHERE a.parent_code = '371524' AND r.parent_code = '371524' AND a.level = 'township' AND r.level = 'township' AND a.approximate AND NOT r.approximate) AS overlap,
              (SELECT sum(ST_Area(geom_m)) FROM jurisdictions WHERE parent_code = '371524' AND level = 'township') / (SELECT ST_Area(geom_m) FROM jurisdictions WHERE code = '371524') AS cover`,
    )).rows[0];
    expect(fit.overlap).toBeLessThan(1);
    expect(fit.cover).toBeGreaterThan(0.995);
    expect(fit.cover).toBeLessThan(1.005);
    // Hazards and intersections are filed in the township that now holds them.
    expect((await w.pool.query('SELECT township_code FROM hazards WHERE id = $1', [hazard.id])).rows[0].township_code).toBe(t1.code);
    expect(await count(`SELECT count(*) FROM intersections i JOIN jurisdictions t ON t.code = i.township_code WHERE i.county_code = '371524' AND NOT ST_Intersects(t.geom, i.geom)`)).toBe(0);
    // So are the accidents (the dashboard counts them by the township they were filed in).
    expect(done.placedAgain.accidents).toBeGreaterThanOrEqual(1);
    expect(await count(`SELECT count(*) FROM accidents WHERE township_code = $1`, [t1.code])).toBeGreaterThanOrEqual(1);
    expect(await count(`SELECT count(*) FROM accidents a WHERE a.county_code = '371524'
                        AND a.township_code IS DISTINCT FROM (SELECT p.township_code FROM point_area(a.geom) p)`)).toBe(0);
    // The map says which areas are approximate; a file with neither code nor name field is refused by name.
    const fcOut = await okJson(w.app.request('/api/jurisdictions?level=township'));
    expect(fcOut.features.find((f: { id: string }) => f.id === t1.code).properties.approximate).toBe(false);
    const bad = await errorOf(upBoundaries(Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { foo: 1 }, geometry: fc.features[0].geometry }] })), {}), 400);
    expect(bad.details[0]).toMatchObject({ field: 'file', rule: 'column_missing' });
    expect((await errorOf(upBoundaries(bytes, { nameField: 'nope' }), 400)).details[0]).toMatchObject({ param: 'nameField', rule: 'column_missing' });
    await errorOf(upBoundaries(writeOsmPbf([], []), {}), 400);
  }, 120_000);
});
