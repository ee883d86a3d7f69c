import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createApp } from '@api/app';
import { loadEnv } from '@api/env';
import { findMarketCandidates, type CandidateParams } from '@api/markets/candidates';
import { readExtent } from '@api/start';
import { calendarDays } from '@shared/calendar/china-calendar';
import { dayNumber, isoDate } from '@shared/calendar/day-number';
import { errorOf, okJson } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * The cycle finder on hand-built crashes in 2006–2007, years no other accident of the test world
 * is in, inside rolled-back transactions, in the fields of 韩集镇 (O: the nearest road of the test
 * world is 617 m away, the nearest market 12 km). A county road of our own runs east from O; on
 * it lie two clusters of 24 crashes each, 138 m long (east −69 … 69 m, north 0–4 m):
 *   P at O, a planted 逢二、七 market: 20 crashes on lunar days ≡ 2 (mod 5), 06:00–10:35, and one
 *     on each other residue at 16:00;
 *   N 3 km east, the same shape, not periodic: crash k on residue k mod 5 (5, 5, 5, 5, 4 on
 *     residues 0 … 4) at 03:00, 09:00, 15:00 or 21:00 in turn.
 */
const O = [116.13, 36.42];
const WINDOW = { from: '2006-01-01', to: '2007-12-31' };
const N_EAST = 3000;

let db: pg.Client;
let t: Awaited<ReturnType<typeof createTestApp>>;
let extent: Awaited<ReturnType<typeof readExtent>>;

beforeAll(async () => {
  db = new pg.Client(inject('db').connection);
  await db.connect();
  t = await createTestApp();
  // Read before any transaction: on PGlite another connection waits while one is open.
  extent = await readExtent({ pool: t.pool, engine: t.info.engine, close: async () => undefined });
});

afterAll(async () => {
  await db?.end();
  await t?.close();
});

/** The window's days by lunar day mod 5, from the library (not from calendar_days). */
const days = calendarDays(WINDOW.from, WINDOW.to);
const daysByResidue = [0, 1, 2, 3, 4].map((r) => days.filter((d) => d.lunarDay % 5 === r).length);
/** The i-th of `count` days of residue r, spread over the window. */
const dayOf = (r: number, i: number, count: number) => {
  const list = days.filter((d) => d.lunarDay % 5 === r);
  return list[Math.floor((i * list.length) / count)].date;
};
const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** [local time, east, north] of the 24 crashes of P and of N. */
const P: [string, number, number][] = [
  ...Array.from({ length: 20 }, (_, k): [string, number, number] => [`${dayOf(2, k, 20)} ${clock(360 + (k % 12) * 25)}`, -69 + 6 * k, (k % 3) * 2]),
  ...[0, 1, 3, 4].map((r, j): [string, number, number] => [`${dayOf(r, j + 1, 5)} 16:00`, -69 + 6 * (20 + j), ((20 + j) % 3) * 2]),
];
const N: [string, number, number][] = Array.from({ length: 24 }, (_, k): [string, number, number] => [
  `${dayOf(k % 5, Math.floor(k / 5), 5)} ${clock([3, 9, 15, 21][k % 4] * 60)}`, N_EAST - 69 + 6 * k, (k % 3) * 2,
]);

/** A point (or line) in metres east and north of O, as WGS84 SQL. */
const at = (e: number, n: number) =>
  `ST_Transform(ST_Translate(ST_Transform(ST_SetSRID(ST_MakePoint(${O[0]}, ${O[1]}), 4326), metric_srid()), ${e}, ${n}), 4326)`;
const line = (e0: number, e1: number) => `ST_MakeLine(${at(e0, 0)}, ${at(e1, 0)})`;

async function plant(crashes: [string, number, number][], prefix: string) {
  for (const [i, [time, e, n]] of crashes.entries()) {
    await db.query(
      `INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, light, synthetic, geom)
       VALUES ($1, $2::timestamp AT TIME ZONE 'Asia/Shanghai', 'pdo', 0, 0, 'day', false, ${at(e, n)})`,
      [`${prefix}-${i + 1}`, time],
    );
  }
}

async function market(name: string, e0: number, e1: number, days: number[], status = 'active') {
  await db.query(
    `INSERT INTO markets (name, calendar, days, hours_from, hours_to, status, status_on, source, geom)
     VALUES ($1, 'lunar', $2, '06:00', '12:00', $3, CASE WHEN $3 = 'active' THEN NULL ELSE '2007-01-01'::date END, 'test', ${line(e0, e1)})`,
    [name, days, status],
  );
}

const find = (extra: Partial<CandidateParams> = {}) =>
  findMarketCandidates(db, { ...WINDOW, eps: 300, minPoints: 6, buffer: 200, county: null, township: null, ...extra });

/** C(n, k), exactly for these sizes. */
const choose = (n: number, k: number) => {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
};

describe('the cycle finder, by hand', () => {
  beforeEach(async () => {
    await db.query('BEGIN');
    const before = await db.query(
      `SELECT count(*)::int AS n FROM accidents WHERE occurred_at >= '2006-01-01 00:00+08' AND occurred_at < '2008-01-01 00:00+08'`,
    );
    expect(before.rows[0].n, 'no other accident in 2006–2007').toBe(0);
    await db.query(
      `INSERT INTO roads (id, class, name, ref, design_speed, synthetic, geom) SELECT 990101, 'county', 'X998测试线', 'X998', 60, false, ${line(-1000, 4000)}`,
    );
    await plant(P, 'MC-P');
    await plant(N, 'MC-N');
  });

  afterEach(() => db.query('ROLLBACK'));

  it('counts the window’s days by residue from the calendar: day 30 only in long months, so not 730 / 5 each', async () => {
    // 2006-01-01 is lunar 腊月初二 (residue 2); 24 lunar months, 13 of them long.
    expect(daysByResidue).toEqual([137, 148, 149, 148, 148]);
    const r = await find();
    expect(r.tested).toBe(2);
    expect(r.candidates).toHaveLength(1);
    expect(r.candidates[0].evidence.daysByResidue).toEqual(daysByResidue);
  });

  it('finds the planted 逢二、七 market with its schedule, hours, place and road, and the p value by hand', async () => {
    const r = await find();
    expect(r).toMatchObject({ tested: 2, excluded: 0, considered: 48 });
    const c = r.candidates[0];
    expect(c).toMatchObject({
      id: 1, crashes: 24, residue: 2, digits: [2, 7], label: '疑似逢二、七', onResidue: 20,
      schedule: { calendar: 'lunar', days: [2, 7, 12, 17, 22, 27] },
      county: { code: '371502' }, township: { code: '371502115', name: '韩集镇' },
      roads: [{ name: 'X998测试线', class: 'county' }],
      evidence: { byResidue: [1, 1, 20, 1, 1] },
      nearMarket: null, synthetic: false,
    });
    // Residue 2 has 149 of 730 days: p0 = 0.2041095890. P(X ≥ 20 | 24, p0) =
    //   C(24,20) p0^20 (1−p0)^4 + C(24,21) p0^21 (1−p0)^3 + C(24,22) p0^22 (1−p0)^2 + C(24,23) p0^23 (1−p0) + p0^24
    //   = 6.7151e-11 + 3.2802e-12 + 1.1471e-13 + 2.558e-15 + 2.7e-17 = 7.0548e-11;
    // the other residues (one crash each) have tails near 1, so residue 2 is the best, and p = 5 · P = 3.5274e-10.
    const p0 = 149 / 730;
    const terms = [20, 21, 22, 23, 24].map((k) => choose(24, k) * p0 ** k * (1 - p0) ** (24 - k));
    expect([choose(24, 20), choose(24, 21), choose(24, 22), choose(24, 23)]).toEqual([10626, 2024, 276, 24]);
    expect(terms[0] / 6.7151e-11).toBeCloseTo(1, 4);
    const tail = terms.reduce((s, x) => s + x, 0);
    expect(tail / 7.0548e-11).toBeCloseTo(1, 4);
    expect(c.expectedShare).toBeCloseTo(p0, 12);
    expect(c.p / (5 * tail)).toBeCloseTo(1, 9);
    // Benjamini–Hochberg over the two clusters: N's p is 1, so q = min(2 · p / 1, 2 · 1 / 2) = 2p.
    expect(c.q / (2 * c.p)).toBeCloseTo(1, 9);
    // 20 crashes on 149 days against 4 on 581: (20/149) / (4/581) = 11620/596 = 19.4966; its exact
    // interval given n = 24 (shared/stats/rate-ratio, checked by hand in tests/unit/rate-ratio.test.ts).
    expect(c.ratio).toBeCloseTo(11620 / 596, 10);
    expect(c.ci[0]).toBeCloseTo(6.5311, 4);
    expect(c.ci[1]).toBeCloseTo(78.4456, 3);
    // All 20 on residue 2 between 06:00 and 10:35, against 26 of the 48 crashes considered in the
    // morning: P(Y ≥ 20 | 20, 26/48) = (13/24)^20 = 4.6e-6, a morning pattern; whole hours 06–11.
    expect(c.evidence.morning).toMatchObject({ crashes: 20, of: 20 });
    expect(c.evidence.morning.share).toBeCloseTo(26 / 48, 12);
    expect(c.evidence.morning.p / (13 / 24) ** 20).toBeCloseTo(1, 9);
    expect(c.hours).toEqual({ from: '06:00', to: '11:00' });
    expect(c.point[0]).toBeCloseTo(O[0], 3);
    expect(c.point[1]).toBeCloseTo(O[1], 3);
    expect((c.geometry as { type: string }).type).toBe('Polygon');
  });

  it('does not flag the cluster of the same size and shape whose crashes spread over the residues', async () => {
    const r = await find();
    expect(r.tested).toBe(2);
    expect(r.candidates.map((c) => c.evidence.byResidue)).toEqual([[1, 1, 20, 1, 1]]);
    // N alone: its best residue is 0 (5 crashes on 137 days): 5 · P(X ≥ 5 | 24, 137/730) = 2.39, so p = 1.
    await db.query(`DELETE FROM accidents WHERE external_id LIKE 'MC-P-%'`);
    const alone = await find();
    expect(alone).toMatchObject({ tested: 1, candidates: [] });
  });

  it('finds only planted markets within the county asked for', async () => {
    expect((await find({ county: '371502' })).candidates.map((c) => c.label)).toEqual(['疑似逢二、七']);
    expect((await find({ township: '371502115' })).candidates).toHaveLength(1);
    expect(await find({ county: '371524' })).toMatchObject({ tested: 0, considered: 0, candidates: [] });
  });

  it('leaves out the crashes of a registered market, whatever its status', async () => {
    // A closed market along P: all 24 crashes lie within 200 m of its stretch.
    await market('已登记集', -100, 100, [2, 7, 12, 17, 22, 27], 'closed');
    expect(await find()).toMatchObject({ tested: 1, excluded: 24, considered: 24, candidates: [] });
    // Every crash is within 4 m of the stretch: out at a 50 m buffer too.
    expect((await find({ buffer: 50 })).excluded).toBe(24);
  });

  it('names a registered market just past the buffer, with the same days', async () => {
    // Its stretch ends 300 m west of O: the nearest crash (−69 m) is 231 m away, beyond the 200 m buffer.
    await market('西边集', -900, -300, [2, 7, 12, 17, 22, 27]);
    const r = await find();
    expect(r.excluded).toBe(0);
    expect(r.candidates[0].nearMarket).toMatchObject({ name: '西边集', status: 'active', distance: 231, sameDays: true });
    // A 逢一、六 market there would be another market's neighbour, not this one.
    await db.query(`UPDATE markets SET days = '{1,6,11,16,21,26}' WHERE name = '西边集'`);
    expect((await find()).candidates[0].nearMarket).toMatchObject({ name: '西边集', sameDays: false });
    // At a 250 m buffer the four crashes 231, 237, 243 and 249 m from it are that market's; 16 of 20 stay on residue 2.
    const wider = await find({ buffer: 250 });
    expect(wider).toMatchObject({ excluded: 4, tested: 2 });
    expect(wider.candidates[0].evidence.byResidue).toEqual([1, 1, 16, 1, 1]);
  });

  it('answers GET /api/markets/candidates with the same candidate', async () => {
    // The route on this transaction's connection (a pool would not see the rows on native PostgreSQL).
    const app = createApp({ pool: db as unknown as pg.Pool, engine: t.info.engine, env: loadEnv({}), extent });
    const body = await okJson(app.request(`/api/markets/candidates?from=${WINDOW.from}&to=${WINDOW.to}&brigade=371502`));
    expect(body).toMatchObject({
      from: WINDOW.from, to: WINDOW.to,
      params: { eps: 300, minPoints: 6, buffer: 200, fdr: 0.05, county: '371502', township: null },
      tested: 2, excluded: 0, considered: 48, total: 1, limit: 100,
    });
    expect(body.candidates).toEqual(JSON.parse(JSON.stringify((await find({ county: '371502' })).candidates)));
    const dense = await okJson(app.request(`/api/markets/candidates?from=${WINDOW.from}&to=${WINDOW.to}&eps=50&minPoints=30`));
    expect(dense).toMatchObject({ tested: 0, candidates: [] });
  });
});

describe('GET /api/markets/candidates', () => {
  it('searches the five years to the newest accident by default', async () => {
    const r = await okJson(t.app.request('/api/markets/candidates'));
    const newest = (await db.query(`SELECT (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS d FROM accidents`)).rows[0].d;
    expect(r).toMatchObject({ to: newest, from: isoDate(dayNumber(`${Number(newest.slice(0, 4)) - 5}${newest.slice(4)}`) + 1) });
    expect(r.params).toEqual({ eps: 300, minPoints: 6, buffer: 200, fdr: 0.05, county: null, township: null });
    expect(r.tested).toBeGreaterThan(0);
    expect(r.considered + r.excluded).toBeGreaterThan(r.tested * 6);
    const qs = r.candidates.map((c: { q: number }) => c.q);
    expect(qs).toEqual([...qs].sort((a, b) => a - b));
    expect(qs.every((q: number) => q <= 0.05)).toBe(true);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const bad = async (query: string, param: string, rule?: string) => {
      const e = await errorOf(t.app.request(`/api/markets/candidates?${query}`), 400);
      expect(e.details[0].param, query).toBe(param);
      if (rule) expect(e.details[0].rule, query).toBe(rule);
    };
    await bad('eps=10', 'eps');
    await bad('eps=5000', 'eps');
    await bad('eps=abc', 'eps');
    await bad('eps=300.5', 'eps');
    await bad('eps=NaN', 'eps');
    await bad('eps=Infinity', 'eps');
    await bad('minPoints=-1', 'minPoints');
    await bad('minPoints=1', 'minPoints');
    await bad('minPoints=100000', 'minPoints');
    await bad('limit=0', 'limit');
    await bad('limit=99999999999', 'limit');
    await bad('from=2026-02-30', 'from');
    await bad('to=0000-01-01', 'to');
    await bad('to=2090-01-01', 'to', 'outside_calendar');
    await bad('to=9999-12-31', 'to');
    await bad('from=2006-01-01&to=2006-01-01&limit=1e400', 'limit');
    await bad('from=2025-06-01&to=2025-01-01', 'from');
    await bad('from=2005-01-01&to=2025-12-31', 'from');
    await bad('buffer=0', 'buffer');
    await bad('county=371599', 'county', 'unknown_area');
    await bad('county=371524&brigade=371581', 'brigade');
    await bad(`township=${'9'.repeat(9)}`, 'township', 'unknown_area');
    expect((await t.app.request('/api/markets/candidates?county=371524%00')).status).toBe(400);
  });
});
