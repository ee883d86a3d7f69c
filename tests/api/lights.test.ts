import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '@shared/calendar/day-number';
import { findLightCandidates, type LightCandidateParams } from '@api/lights/candidates';
import { wgs84ToGcj02 } from '@api/lib/china-crs';
import { DEFAULT_EPDO_WEIGHTS } from '@api/hotspots/epdo';
import { errorOf, okJson, signInAll, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * Lights (第一盏灯): entering, changing and importing them under the ledger's rules (in 高唐 and
 * 莘县), and where the next one should go (dark crashes on an unlit road with no working light near).
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let who: Record<'officer.gaotang' | 'officer.shenxian' | 'leader' | 'admin' | 'anonymous', Client>;
/** Points on unlit rural roads of 高唐 (371526), a few km apart. */
let sites: [number, number][];

beforeAll(async () => {
  t = await createTestApp();
  who = await signInAll(t.app, ['officer.gaotang', 'officer.shenxian', 'leader', 'admin', 'anonymous'] as const);
  sites = await unlitSites('371526', 4);
});
afterAll(() => t?.close());

/** `n` points on unlit county or township roads of the county, spread out (deterministic). */
async function unlitSites(county: string, n: number): Promise<[number, number][]> {
  const r = await t.pool.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
       SELECT ST_LineInterpolatePoint(r.geom, 0.5) AS p, row_number() OVER (ORDER BY r.id) AS k
       FROM roads r JOIN jurisdictions c ON c.code = $1 AND ST_Contains(c.geom, r.geom)
       WHERE NOT r.lit AND NOT r.urban AND r.class IN ('county', 'township') AND ST_Length(r.geom_m) > 1500) x
     WHERE k % 7 = 0 ORDER BY k LIMIT $2`,
    [county, n],
  );
  return r.rows.map((x) => [x.lon, x.lat]);
}

const body = (at: [number, number], extra: Record<string, unknown> = {}) => ({ type: 'street_light', programme: 'first_light', lon: at[0], lat: at[1], installedOn: '2024-05-10', ...extra });
const events = async (id: number) =>
  (await t.pool.query(`SELECT e.action, u.username, e.note, e.data FROM light_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.light_id = $1 ORDER BY e.id`, [id])).rows;

describe('POST /api/lights', () => {
  it('stores a light where PostGIS places it, with a create event naming who', async () => {
    const l = await okJson(who['officer.gaotang'].send('POST', '/api/lights', body(sites[0], { name: '东刘村口', installedBy: '高唐县公路局', cost: 12800, note: '新装' })), 201);
    expect(l).toMatchObject({
      type: 'street_light', programme: 'first_light', name: '东刘村口', countyCode: '371526', status: 'working', statusOn: null,
      installedOn: '2024-05-10', installedBy: '高唐县公路局', cost: 12800, lighting: true, hazard: null, synthetic: false, version: 1,
      source: 'entered by officer.gaotang',
    });
    expect(l.lon).toBeCloseTo(sites[0][0], 6);
    expect(l.road).toMatchObject({ lit: false });
    const ev = await events(l.id);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ action: 'create', username: 'officer.gaotang', note: '新装', data: { type: 'street_light', installedOn: '2024-05-10', cost: 12800 } });
  });

  it('converts a point picked on AMap (GCJ-02) to WGS84 before storing it', async () => {
    const gcj = wgs84ToGcj02(sites[1][0], sites[1][1]);
    const l = await okJson(who['officer.gaotang'].send('POST', '/api/lights', body(gcj as [number, number], { crs: 'gcj02', type: 'solar_light' })), 201);
    expect(l.lon).toBeCloseTo(sites[1][0], 5);
    expect(l.lat).toBeCloseTo(sites[1][1], 5);
  });

  it('takes a planned light without a day it went up, which lights nothing yet', async () => {
    const l = await okJson(who['officer.gaotang'].send('POST', '/api/lights', { type: 'flashing_beacon', lon: sites[2][0], lat: sites[2][1], status: 'planned' }), 201);
    expect(l).toMatchObject({ status: 'planned', installedOn: null, lighting: false, programme: 'other' });
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const officer = who['officer.gaotang'];
    const cases: [Record<string, unknown>, string, string?][] = [
      [body(sites[0], { installedOn: '2099-01-01' }), 'installedOn', 'future_date'],
      [{ ...body(sites[0]), installedOn: undefined }, 'installedOn', 'required'],
      [body(sites[0], { installedOn: '2024-02-30' }), 'installedOn'],
      [body(sites[0], { installedOn: '0000-01-01' }), 'installedOn'],
      [body(sites[0], { type: 'lamp' }), 'type'],
      [body(sites[0], { programme: '第二盏灯' }), 'programme'],
      [body(sites[0], { cost: -5 }), 'cost'],
      [body(sites[0], { status: 'faulty', statusOn: '2024-01-01' }), 'statusOn', 'before_install'],
      [body(sites[0], { name: 'a\u0000b' }), 'name'],
      [body([117.5, 38.2]), 'lon', 'outside_liaocheng'],
      [body([sites[0][1], sites[0][0]]), 'lon', 'swapped_axes'],
      [body([488000, 4035000]), 'lon', 'projected'],
      [body(sites[0], { hazardId: 2147483648 }), 'hazardId'],
      [body(sites[0], { hazardId: 2147483000 }), 'hazardId', 'not_found'],
    ];
    for (const [b, param, rule] of cases) {
      const e = await errorOf(officer.send('POST', '/api/lights', b), 400);
      expect(e.details[0].param, JSON.stringify(b)).toBe(param);
      if (rule) expect(e.details[0].rule, JSON.stringify(b)).toBe(rule);
    }
  });

  it('lets an officer enter lights only inside the brigade, a leader none, and asks a visitor to sign in', async () => {
    const e = await errorOf(who['officer.shenxian'].send('POST', '/api/lights', body(sites[0])), 403);
    expect(e.details[0]).toMatchObject({ param: 'lon', reason: 'scope' });
    await errorOf(who.leader.send('POST', '/api/lights', body(sites[0])), 403);
    await errorOf(who.anonymous.send('POST', '/api/lights', body(sites[0])), 401);
    await okJson(who.admin.send('POST', '/api/lights', body(sites[3], { type: 'illuminated_sign', programme: 'other' })), 201);
  });
});

describe('PATCH /api/lights/:id and POST /api/lights/:id/status', () => {
  it('changes a light with the version read, keeps what it was in the event, and refuses a stale version with the light now', async () => {
    const officer = who['officer.gaotang'];
    const l = await okJson(officer.send('POST', '/api/lights', body(sites[1], { cost: 5000 })), 201);
    const changed = await okJson(officer.send('PATCH', `/api/lights/${l.id}`, { version: 1, cost: 5600, installedBy: '高唐县交通运输局', note: '补录' }));
    expect(changed).toMatchObject({ cost: 5600, installedBy: '高唐县交通运输局', version: 2 });
    const ev = await events(l.id);
    expect(ev[1]).toMatchObject({ action: 'update', note: '补录', data: { changed: { cost: 5600, installedBy: '高唐县交通运输局' }, was: { cost: 5000, installedBy: null } } });
    const stale = await errorOf(officer.send('PATCH', `/api/lights/${l.id}`, { version: 1, cost: 1 }), 409);
    expect(stale.details[0]).toMatchObject({ param: 'version', reason: 'stale' });
    expect(stale.current).toMatchObject({ id: l.id, cost: 5600, version: 2 });
    const nothing = await errorOf(officer.send('PATCH', `/api/lights/${l.id}`, { version: 2 }), 400);
    expect(nothing.details[0].param).toBe('version');
    const future = await errorOf(officer.send('PATCH', `/api/lights/${l.id}`, { version: 2, installedOn: '2099-01-01' }), 400);
    expect(future.details[0]).toMatchObject({ param: 'installedOn', rule: 'future_date' });
    await errorOf(who['officer.shenxian'].send('PATCH', `/api/lights/${l.id}`, { version: 2, cost: 1 }), 403);
    await errorOf(officer.send('PATCH', '/api/lights/2147483647', { version: 1, cost: 1 }), 404);
    await errorOf(officer.send('PATCH', '/api/lights/2147483648', { version: 1, cost: 1 }), 400);
  });

  it('moves a light through planned → working → faulty → working → removed, each with its day and event', async () => {
    const officer = who['officer.gaotang'];
    const l = await okJson(officer.send('POST', '/api/lights', { type: 'street_light', lon: sites[3][0], lat: sites[3][1], status: 'planned' }), 201);
    const up = await okJson(officer.send('POST', `/api/lights/${l.id}/status`, { version: 1, status: 'working', statusOn: '2025-03-01' }));
    expect(up).toMatchObject({ status: 'working', installedOn: '2025-03-01', statusOn: null, lighting: true });
    const broken = await okJson(officer.send('POST', `/api/lights/${l.id}/status`, { version: 2, status: 'faulty', statusOn: '2025-06-01', note: '灯头损坏' }));
    expect(broken).toMatchObject({ status: 'faulty', statusOn: '2025-06-01', lighting: false });
    const early = await errorOf(officer.send('POST', `/api/lights/${l.id}/status`, { version: 3, status: 'removed', statusOn: '2025-01-01' }), 400);
    expect(early.details[0]).toMatchObject({ param: 'statusOn', rule: 'before_install' });
    await okJson(officer.send('POST', `/api/lights/${l.id}/status`, { version: 3, status: 'working' }));
    const gone = await okJson(officer.send('POST', `/api/lights/${l.id}/status`, { version: 4, status: 'removed', statusOn: chinaToday() }));
    expect(gone).toMatchObject({ status: 'removed', statusOn: chinaToday(), lighting: false });
    const refused = await errorOf(officer.send('POST', `/api/lights/${l.id}/status`, { version: 5, status: 'working' }), 409);
    expect(refused.details[0]).toMatchObject({ param: 'status', reason: 'state' });
    expect((await events(l.id)).map((e) => e.action)).toEqual(['create', 'status', 'status', 'status', 'status']);
    const detail = await okJson(who.anonymous.get(`/api/lights/${l.id}`));
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(['create', 'status', 'status', 'status', 'status']);
  });
});

describe('GET /api/lights', () => {
  it('lists the lights of a county and programme as GeoJSON, the seeded ones labelled synthetic', async () => {
    const fc = await okJson(who.anonymous.get('/api/lights?county=371526&programme=first_light'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(0);
    for (const f of fc.features) expect(f.properties).toMatchObject({ countyCode: '371526', programme: 'first_light' });
    const seeded = await t.pool.query(`SELECT count(*)::int AS n, bool_and(synthetic) AS all_synthetic, bool_and(source LIKE 'synthetic (data/generator/lights.ts%') AS labelled FROM lights WHERE created_by IS NULL`);
    expect(seeded.rows[0]).toMatchObject({ all_synthetic: true, labelled: true });
    expect(seeded.rows[0].n).toBeGreaterThan(10);
    const e = await errorOf(who.anonymous.get('/api/lights?status=broken'), 400);
    expect(e.details[0].param).toBe('status');
  });
});

describe('where the next light goes', () => {
  const params = (county: string): LightCandidateParams => ({
    from: '2024-01-01', to: '2026-10-31', radius: 150, eps: 100, minPoints: 3, county, township: null, weights: DEFAULT_EPDO_WEIGHTS, limit: 1000,
  });

  it('finds a dark cluster on an unlit road, leaves it out while a working light stands 100 m away, and finds it again once the light is removed', async () => {
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      const site = await client.query<{ road: number; ids: number[]; light: [number, number] }>(
        `WITH road AS (
           SELECT r.id, r.geom, r.geom_m FROM roads r JOIN jurisdictions c ON c.code = '371522' AND ST_Contains(c.geom, r.geom)
           WHERE NOT r.lit AND NOT r.urban AND r.class = 'county' AND ST_Length(r.geom_m) > 2000
             AND NOT EXISTS (SELECT 1 FROM accidents a WHERE ST_DWithin(a.geom_m, r.geom_m, 300) AND a.light = 'dark_unlit')
           ORDER BY r.id LIMIT 1),
         crashes AS (
           INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, light, road_id, geom)
           SELECT 'TEST-LIGHT-' || k, timestamptz '2025-01-10 21:30+08' + k * interval '40 days',
                  CASE WHEN k = 1 THEN 'fatal' ELSE 'injury' END, CASE WHEN k = 1 THEN 1 ELSE 0 END, CASE WHEN k = 1 THEN 0 ELSE 1 END,
                  'dark_unlit', road.id, ST_Transform(ST_LineInterpolatePoint(road.geom_m, 0.5 + k * 0.004), 4326)
           FROM road, generate_series(1, 4) k
           RETURNING id)
         SELECT (SELECT id FROM road) AS road, (SELECT array_agg(id ORDER BY id) FROM crashes) AS ids,
                (SELECT ARRAY[ST_X(p), ST_Y(p)] FROM (SELECT ST_Transform(ST_LineInterpolatePoint(geom_m, 0.5 + 4 * 0.004 + 100 / ST_Length(geom_m)), 4326) AS p FROM road) x) AS light`,
      );
      const { ids, light } = site.rows[0];
      expect(ids).toHaveLength(4);
      const found = async () => (await findLightCandidates(client, params('371522'))).candidates.find((c) => c.crashIds.some((id) => ids.includes(id)));
      const c = await found();
      expect(c).toBeDefined();
      expect(c!.crashIds).toEqual(ids);
      expect(c!.night).toMatchObject({ crashes: 4, fatal: 1, injury: 3, deaths: 1, injuries: 3, epdo: 10 + 3 * 5 });
      expect(c!.lights).toEqual({ faulty: 0, removed: 0, planned: 0 });
      expect(c!.county?.code).toBe('371522');
      // The dark shares, from the raw rows: every crash of the window within 50 m of the cluster's,
      // and the county's (by its roads) crashes of the window in the dark over all of them.
      const raw = (await client.query<{ around: number; dark: number; county_share: number }>(
        `WITH w AS (SELECT a.* FROM accidents a WHERE a.occurred_at >= '2024-01-01 00:00+08' AND a.occurred_at < '2026-11-01 00:00+08')
         SELECT (SELECT count(*)::int FROM w WHERE EXISTS (SELECT 1 FROM accidents m WHERE m.id = ANY ($1) AND ST_DWithin(m.geom_m, w.geom_m, 50))) AS around,
                (SELECT count(*)::int FROM w WHERE w.light IN ('dark_lit', 'dark_unlit') AND EXISTS (SELECT 1 FROM accidents m WHERE m.id = ANY ($1) AND ST_DWithin(m.geom_m, w.geom_m, 50))) AS dark,
                (SELECT (count(*) FILTER (WHERE w.light IN ('dark_lit', 'dark_unlit')))::float8 / count(*) FROM w JOIN roads r ON r.id = w.road_id WHERE r.county_code = '371522') AS county_share`,
        [ids],
      )).rows[0];
      expect(c!.around).toEqual({ crashes: raw.around, dark: raw.dark });
      expect(c!.darkShare).toBeCloseTo(raw.dark / raw.around, 12);
      expect(c!.countyShare).toBeCloseTo(raw.county_share, 12);
      expect(c!.excess).toBeCloseTo(raw.dark / raw.around / raw.county_share, 12);
      // The light, ~100 m from the cluster's crashes.
      const l = await client.query<{ id: number; d: number }>(
        `INSERT INTO lights (type, geom, installed_on, source) VALUES ('street_light', ST_SetSRID(ST_MakePoint($1, $2), 4326), '2025-12-01', 'test')
         RETURNING id, (SELECT min(ST_Distance(a.geom_m, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 4498))) FROM accidents a WHERE a.id = ANY ($3)) AS d`,
        [light[0], light[1], ids],
      );
      // 100 m along the road from the last crash (a little less as the crow flies on a bend).
      expect(l.rows[0].d).toBeGreaterThan(80);
      expect(l.rows[0].d).toBeLessThanOrEqual(100.01);
      expect(await found()).toBeUndefined();
      await client.query(`UPDATE lights SET status = 'removed', status_on = '2026-01-01' WHERE id = $1`, [l.rows[0].id]);
      const back = await found();
      expect(back?.crashIds).toEqual(ids);
      expect(back!.lights.removed).toBe(1);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('answers GET /api/lights/candidates ranked by night EPDO, with the window and the radius', async () => {
    const r = await okJson(who.anonymous.get('/api/lights/candidates?minPoints=2&limit=1000'));
    expect(r.params).toMatchObject({ radius: 150, eps: 100, minPoints: 2 });
    // The test world's 3,000 crashes hold several dark pairs: an ordering over none would prove nothing.
    expect(r.candidates.length).toBeGreaterThan(1);
    expect(r.to >= r.from).toBe(true);
    // The rank: night EPDO, then excess, then crashes, then the first crash's id.
    type C = { rank: number; id: number; excess: number | null; night: { epdo: number; crashes: number } };
    const all: C[] = r.candidates;
    const sorted = [...all].sort((a, b) => b.night.epdo - a.night.epdo || (b.excess ?? 0) - (a.excess ?? 0) || b.night.crashes - a.night.crashes || a.id - b.id);
    expect(all.map((c) => c.id)).toEqual(sorted.map((c) => c.id));
    expect(all.map((c) => c.rank)).toEqual(all.map((_, i) => i + 1));
    expect(r.total).toBe(all.length);
    // A limit returns the first of the same ranking, with the count of all.
    const two = await okJson(who.anonymous.get('/api/lights/candidates?minPoints=2&limit=2'));
    expect(two.total).toBe(all.length);
    expect(two.candidates).toEqual(all.slice(0, 2));
    const e = await errorOf(who.anonymous.get('/api/lights/candidates?radius=5000'), 400);
    expect(e.details[0].param).toBe('radius');
    const y0 = await errorOf(who.anonymous.get('/api/lights/candidates?from=0000-01-01'), 400);
    expect(y0.details[0].param).toBe('from');
  });
});

describe('POST /api/lights/import', () => {
  function upload(name: string, content: string, fields: Record<string, string> = {}) {
    const form = new FormData();
    form.append('file', new File([new TextEncoder().encode(content)], name));
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const o = who['officer.gaotang'];
    return t.app.request('/api/lights/import', { method: 'POST', headers: { cookie: o.cookie, 'x-csrf-token': o.csrf }, body: form });
  }

  it('saves the good rows of a brigade list with Chinese headers and words, and reports each bad row with its column and why', async () => {
    const [a, b] = sites;
    const csv = [
      '类型,项目,位置,经度,纬度,安装日期,安装单位,费用,状态,状态日期',
      `太阳能路灯,第一盏灯,东刘村口,${a[0]},${a[1]},2024/3/5,高唐县公路局,"8,600",正常,`,
      `爆闪灯,千路万盏,,${b[0]},${b[1]},2024年4月1日,,,故障,2025-01-02`,
      `路灯,第一盏灯,,${a[0]},${a[1]},2099-01-01,,,,`,
      `霓虹灯,,,${a[0]},${a[1]},2024-01-01,,,,`,
      `路灯,,,117.9,36.4,2024-01-01,,,,`,
      `路灯,,,${a[0]},${a[1]},2024-02-30,,,,`,
      `路灯,,,${a[0]},${a[1]},2024-01-01,,-3,,`,
    ].join('\n');
    const r = await okJson(upload('lights.csv', csv));
    expect(r).toMatchObject({ saved: 2, rejected: 5 });
    expect(r.rows.map((x: { row: number; status: string; field?: string; rule?: string }) => [x.row, x.status, x.field ?? null, x.rule ?? null])).toEqual([
      [2, 'saved', null, null],
      [3, 'saved', null, null],
      [4, 'rejected', 'installed_on', 'future_date'],
      [5, 'rejected', 'type', 'unknown_value'],
      [6, 'rejected', 'lon', 'outside_liaocheng'],
      [7, 'rejected', 'installed_on', 'invalid'],
      [8, 'rejected', 'cost', 'invalid'],
    ]);
    const saved = await okJson(who.anonymous.get(`/api/lights/${r.rows[0].id}`));
    expect(saved).toMatchObject({ type: 'solar_light', programme: 'first_light', name: '东刘村口', installedOn: '2024-03-05', cost: 8600, status: 'working' });
    expect(saved.events[0].data.via).toEqual({ via: 'import', file: 'lights.csv', row: 2 });
    const faulty = await okJson(who.anonymous.get(`/api/lights/${r.rows[1].id}`));
    expect(faulty).toMatchObject({ type: 'flashing_beacon', programme: 'qianlu_wanzhan', installedOn: '2024-04-01', status: 'faulty', statusOn: '2025-01-02' });
  });

  it('refuses a file without the columns it needs, naming them', async () => {
    const e = await errorOf(upload('lights.csv', '名称,经度\nx,116'), 400);
    expect(e.details.map((d: { field: string }) => d.field).sort()).toEqual(['installed_on', 'lat', 'type']);
  });
});
