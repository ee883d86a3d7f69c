import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, windowsOf, type EvaluationOptions } from '@api/evaluation/evaluate';
import { networkSpf, type Spf } from '@api/evaluation/spf';
import type { Effect } from '@shared/stats/before-after';
import { errorOf, okJson, signInAll, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * Did it work? Before/after on a site of the test's own (crashes inserted in a transaction that is
 * rolled back): each method's numbers worked out here from the raw rows with the formulas written
 * out, not by calling the code under test; and GET /api/evaluation as the map asks it.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let who: Record<'leader' | 'officer.donge' | 'anonymous', Client>;

beforeAll(async () => {
  t = await createTestApp();
  who = await signInAll(t.app, ['leader', 'officer.donge', 'anonymous'] as const);
});
afterAll(() => t?.close());

const TREATED_ON = '2024-06-15';
const method = (ms: Effect[], m: Effect['method']) => ms.find((x) => x.method === m)!;

/**
 * In a transaction rolled back afterwards: a quiet unlit county road of 莘县 and, within 60 m of its
 * middle, 8 night crashes in the year before June 2024, 3 in the year after, 2 in June itself (left
 * out), 2 and 3 day crashes, and a night crash 300 m away (outside the 100 m radius).
 */
async function withSite(fn: (client: pg.PoolClient, site: { road: number; lon: number; lat: number }) => Promise<void>) {
  const client = await t.pool.connect();
  try {
    await client.query('BEGIN');
    const r = await client.query<{ road: number; lon: number; lat: number }>(
      `SELECT r.id AS road, ST_X(ST_LineInterpolatePoint(r.geom, 0.5)) AS lon, ST_Y(ST_LineInterpolatePoint(r.geom, 0.5)) AS lat
       FROM roads r JOIN jurisdictions c ON c.code = '371522' AND ST_Contains(c.geom, r.geom)
       WHERE NOT r.lit AND NOT r.urban AND r.class = 'county' AND ST_Length(r.geom_m) > 2000
         AND NOT EXISTS (SELECT 1 FROM accidents a WHERE ST_DWithin(a.geom_m, ST_LineInterpolatePoint(r.geom_m, 0.5), 600))
       ORDER BY r.id LIMIT 1`,
    );
    const site = r.rows[0];
    expect(site).toBeDefined();
    const crash = (at: string, light: string, metres: number) =>
      client.query(
        `INSERT INTO accidents (external_id, occurred_at, severity, injuries, light, road_id, geom)
         SELECT 'TEST-EVAL-' || gen_random_uuid(), $1::timestamptz, 'injury', 1, $2, r.id,
                ST_Transform(ST_LineInterpolatePoint(r.geom_m, 0.5 + $3 / ST_Length(r.geom_m)), 4326)
         FROM roads r WHERE r.id = $4`,
        [at, light, metres, site.road],
      );
    for (let k = 0; k < 8; k++) await crash(`2023-08-${String(10 + k).padStart(2, '0')} 22:00+08`, k % 2 ? 'dark_unlit' : 'dark_lit', (k % 4) * 20 - 30);
    for (let k = 0; k < 3; k++) await crash(`2024-${String(8 + k).padStart(2, "0")}-10 22:00+08`, 'dark_unlit', k * 20);
    await crash('2024-06-05 22:00+08', 'dark_unlit', 10);
    await crash('2024-06-25 22:00+08', 'dark_unlit', -10);
    for (const d of ['2023-09-01', '2023-10-01']) await crash(`${d} 10:00+08`, 'day', 5);
    for (const d of ['2024-09-01', '2024-10-01', '2024-11-01']) await crash(`${d} 10:00+08`, 'day', 5);
    await crash('2023-09-15 22:00+08', 'dark_unlit', 300);
    await fn(client, site);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

const siteOf = (s: { lon: number; lat: number }) => [{ key: 'site', geometry: { type: 'Point' as const, coordinates: [s.lon, s.lat] }, date: TREATED_ON }];
const options = (extra: Partial<EvaluationOptions> = {}): EvaluationOptions => ({ radius: 100, years: 1, target: 'night', comparison: 'county', ...extra });

/** Night crashes (local dates) between from and to: in the county's roads farther than 100 m from the site, or the whole city. */
async function nightCount(client: pg.PoolClient, from: string, to: string, where: { county?: string; awayFrom?: { lon: number; lat: number } } = {}) {
  const r = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM accidents a LEFT JOIN roads r ON r.id = coalesce(a.road_id, a.snap_road_id)
     WHERE a.light IN ('dark_lit', 'dark_unlit')
       AND (a.occurred_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1::date AND $2::date
       AND ($3::text IS NULL OR r.county_code = $3)
       AND ($4::float8 IS NULL OR ST_Distance(a.geom_m, ST_Transform(ST_SetSRID(ST_MakePoint($4, $5), 4326), 4498)) > 100)`,
    [from, to, where.county ?? null, where.awayFrom?.lon ?? null, where.awayFrom?.lat ?? null],
  );
  return r.rows[0].n;
}

describe('before/after at one site', () => {
  it('counts equal windows around the month of the treatment, leaving that month out', () => {
    expect(windowsOf(TREATED_ON, 1)).toEqual({ before: { from: '2023-06-01', to: '2024-05-31' }, after: { from: '2024-07-01', to: '2025-06-30' } });
    expect(windowsOf('2024-01-31', 2)).toEqual({ before: { from: '2022-01-01', to: '2023-12-31' }, after: { from: '2024-02-01', to: '2026-01-31' } });
  });

  it('gives the naive, comparison-group and night/day results the formulas give for the raw counts', async () => {
    await withSite(async (client, site) => {
      const e = await evaluate(client, siteOf(site), options());
      expect(e.sites[0]).toMatchObject({ before: 8, after: 3, dayBefore: 2, dayAfter: 3, fits: true, county: '371522' });

      // Naive, K = 8, L = 3: θ' = 3/8, c = 1/8, θ = θ'/(1 + c) = 1/3; Var = θ'²(1/L + c)/(1 + c)².
      const naive = method(e.methods, 'naive');
      expect(naive.oddsRatio).toBeCloseTo(1 / 3, 10);
      expect(naive.se).toBeCloseTo(Math.sqrt((0.375 ** 2 * (1 / 3 + 1 / 8)) / 1.125 ** 2), 10);
      expect(naive.change).toBeCloseTo(-66.667, 2);
      // 11 crashes, the interval [−100 %, −22 %]: few, but enough to tell a fall.
      expect(naive).toMatchObject({ tooFew: false, significant: true });

      // Comparison group: the county's night crashes more than 100 m from the site, in the same windows.
      const M = await nightCount(client, '2023-06-01', '2024-05-31', { county: '371522', awayFrom: site });
      const N = await nightCount(client, '2024-07-01', '2025-06-30', { county: '371522', awayFrom: site });
      expect(e.sites[0].comparison).toEqual({ before: M, after: N });
      expect(M).toBeGreaterThan(5);
      const r = N / M / (1 + 1 / M);
      const c = 1 / 8 + 1 / M + 1 / N;
      const cg = method(e.methods, 'comparison_group');
      expect(cg.expectedAfter).toBeCloseTo(r * 8, 10);
      expect(cg.oddsRatio).toBeCloseTo(3 / (r * 8) / (1 + c), 10);
      expect(cg.se).toBeCloseTo(Math.sqrt(((3 / (r * 8)) ** 2 * (1 / 3 + c)) / (1 + c) ** 2), 10);

      // Night against day: expected after = 8 · (3/2) / (1 + 1/2) = 8; θ = (3/8) / (1 + 1/8 + 1/2 + 1/3).
      const nd = method(e.methods, 'night_day');
      expect(nd.expectedAfter).toBeCloseTo(8, 10);
      expect(nd.oddsRatio).toBeCloseTo(0.375 / (1 + 1 / 8 + 1 / 2 + 1 / 3), 10);
    });
  });

  it('gives the Empirical Bayes estimate of HSM 9A for a given SPF and k, worked by hand', async () => {
    await withSite(async (client, site) => {
      const data = (await client.query<{ from: string; to: string }>(
        `SELECT (min(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS from, (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS to FROM accidents`,
      )).rows[0];
      // The SPF: 6 night crashes over the whole window on the site's road, k = 0.5; no other road or junction predicted.
      const spf = {
        target: 'night', from: data.from, to: data.to, crashes: 0, fittedAt: '', ms: 0,
        segments: { k: 0.5, n: 1, names: [], coefficients: [] }, junctions: { k: 0.5, n: 0, names: [], coefficients: [] },
        segmentMean: new Map([[site.road, 6]]), junctionMean: new Map(),
      } as unknown as Spf;
      const e = await evaluate(client, siteOf(site), options({ spf }));
      const share = (await client.query<{ s: number }>(
        `SELECT ST_Length(ST_Intersection(r.geom_m, ST_Buffer(ST_Transform(ST_SetSRID(ST_MakePoint($2, $3), 4326), 4498), 100))) / ST_Length(r.geom_m) AS s
         FROM roads r WHERE r.id = $1`,
        [site.road, site.lon, site.lat],
      )).rows[0].s;
      // Scaled to each window by the city's night crashes in it over those of the whole window.
      const cityTotal = await nightCount(client, `${data.from.slice(0, 7)}-01`, data.to);
      const cityB = await nightCount(client, '2023-06-01', '2024-05-31');
      const cityA = await nightCount(client, '2024-07-01', '2025-06-30');
      const predB = (6 * share * cityB) / cityTotal;
      const predA = (6 * share * cityA) / cityTotal;
      expect(e.sites[0].predicted!.before).toBeCloseTo(predB, 10);
      expect(e.sites[0].predicted!.after).toBeCloseTo(predA, 10);
      // The site holds a part (share) of the segment: as the segment is the sum of its parts, each
      // part's overdispersion is the segment's over its share (k·μ is the same for the part and the whole).
      const w = 1 / (1 + (0.5 / share) * predB);
      expect(w).toBeCloseTo(1 / (1 + 0.5 * ((6 * cityB) / cityTotal)), 10);
      const expB = w * predB + (1 - w) * 8;
      const ratio = predA / predB;
      const expA = ratio * expB;
      const variance = expA * ratio * (1 - w);
      const orPrime = 3 / expA;
      const c = variance / expA ** 2;
      const eb = method(e.methods, 'empirical_bayes');
      expect(e.sites[0].expected).toMatchObject({ weight: expect.closeTo(w, 10), before: expect.closeTo(expB, 10), after: expect.closeTo(expA, 10) });
      expect(eb.expectedAfter).toBeCloseTo(expA, 10);
      expect(eb.oddsRatio).toBeCloseTo(orPrime / (1 + c), 10);
      expect(eb.se).toBeCloseTo(Math.sqrt((orPrime ** 2 * (1 / 3 + c)) / (1 + c) ** 2), 10);
      expect(eb.change).toBeCloseTo(100 * (orPrime / (1 + c) - 1), 8);
    });
  });

  it('fits the network SPFs on the data: finite coefficients, an overdispersion k ≥ 0, one fit per data version', async () => {
    const data = (await t.pool.query<{ from: string; to: string }>(
      `SELECT (min(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS from, (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS to FROM accidents`,
    )).rows[0];
    const spf = await networkSpf(t.pool, 'all', data.from, data.to);
    for (const f of [spf.segments, spf.junctions]) {
      expect(f.coefficients.every(Number.isFinite)).toBe(true);
      expect(f.k).toBeGreaterThanOrEqual(0);
    }
    // The segments' crashes grow with their length.
    expect(spf.segments.coefficients[spf.segments.names.indexOf('log_length_km')]).toBeGreaterThan(0.3);
    expect(await networkSpf(t.pool, 'all', data.from, data.to)).toBe(spf);
  });
});

describe('GET /api/evaluation', () => {
  it("reads 东阿's first-light programme with naive, comparison-group, EB and night/day results side by side", async () => {
    const e = await okJson(who.anonymous.get('/api/evaluation?kind=lights&programme=first_light&county=371524'));
    expect(e).toMatchObject({ kind: 'lights', programme: 'first_light', county: '371524', target: 'night', radius: 150 });
    expect(e.sites.length).toBeGreaterThan(5);
    expect(e.methods.map((m: Effect) => m.method)).toEqual(['naive', 'comparison_group', 'empirical_bayes', 'night_day']);
    // The naive counts are the sites' own, summed over those whose windows lie in the data.
    const counted = e.sites.filter((s: { fits: boolean }) => s.fits);
    expect(e.counted).toBe(counted.length);
    expect(method(e.methods, 'naive').before).toBe(counted.reduce((n: number, s: { before: number }) => n + s.before, 0));
    for (const s of e.sites) expect(s.lights.length).toBeGreaterThan(0);
  });

  it('evaluates one light, one place given by hand, and refuses what cannot be evaluated with a 400 naming the field', async () => {
    const light = (await t.pool.query(`SELECT id FROM lights WHERE installed_on IS NOT NULL AND synthetic ORDER BY id LIMIT 1`)).rows[0].id;
    const one = await okJson(who.anonymous.get(`/api/evaluation?kind=light&id=${light}`));
    expect(one.sites).toHaveLength(1);
    const site = await okJson(who.anonymous.get('/api/evaluation?kind=site&lon=115.95&lat=36.45&date=2024-03-01&years=2'));
    expect(site).toMatchObject({ kind: 'site', years: 2, radius: 100, target: 'all' });
    const cases: [string, string, string?][] = [
      ['kind=site&lon=115.95&lat=36.45&date=2099-01-01', 'date', 'future_date'],
      ['kind=site&lon=115.95&lat=36.45&date=2026-06-01&years=3', 'years', 'window_outside_data'],
      ['kind=site&lon=118.5&lat=36.45&date=2024-03-01', 'lon', 'outside_liaocheng'],
      ['kind=site&lon=115.95&lat=36.45', 'date', 'required'],
      ['kind=light', 'id', 'required'],
      ['kind=lights&programme=second_light', 'programme'],
      ['kind=lights&years=9', 'years'],
      ['kind=nothing', 'kind'],
    ];
    for (const [q, param, rule] of cases) {
      const err = await errorOf(who.anonymous.get(`/api/evaluation?${q}`), 400);
      expect(err.details[0].param, q).toBe(param);
      if (rule) expect(err.details[0].rule, q).toBe(rule);
    }
    await errorOf(who.anonymous.get('/api/evaluation?kind=light&id=2147483647'), 404);
  });

  it('evaluates closed hazards for who may read the ledger, and says an open one has nothing to evaluate yet', async () => {
    await errorOf(who.anonymous.get('/api/evaluation?kind=hazards'), 401);
    // A hazard of this test's own, just registered: nothing has been done there yet.
    const at = (await t.pool.query<{ lon: number; lat: number }>(`SELECT ST_X(anchor) AS lon, ST_Y(anchor) AS lat FROM jurisdictions WHERE code = '371524'`)).rows[0];
    const open = await okJson(who['officer.donge'].send('POST', '/api/hazards', { type: 'lighting', description: '评估测试：未整改', risk: 'general', lon: at.lon, lat: at.lat, confirmNotDuplicate: true }), 201);
    const err = await errorOf(who['officer.donge'].get(`/api/evaluation?kind=hazard&id=${open.id}`), 400);
    expect(err.details[0]).toMatchObject({ param: 'id', rule: 'not_closed' });
    // Hazards the other tests closed today have no 'after' yet: listed, not counted.
    const all = await okJson(who.leader.get('/api/evaluation?kind=hazards'));
    const closed = (await t.pool.query(`SELECT count(*)::int AS n FROM hazards WHERE status = 'closed' AND resolution = 'rectified'`)).rows[0].n;
    expect(all.sites).toHaveLength(closed);
    expect(all.counted).toBe(all.sites.filter((s: { fits: boolean }) => s.fits).length);
    expect(all.methods.map((m: Effect) => m.method).slice(0, 2)).toEqual(['naive', 'comparison_group']);
    expect(all.methods.some((m: Effect) => m.method === 'night_day')).toBe(false);
  });
});
