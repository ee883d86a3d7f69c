import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday, dayNumber, isoDate } from '@shared/calendar/day-number';
import { privateWorld } from '../support/private-world';
import { errorOf, okJson, signIn, type Client } from '../support/session';

/**
 * The leaders' numbers, recomputed by hand from a hand-built month: February 2024 (a leap
 * month) in an empty city (DEMO_DATA=0), with crashes on the edges of the period in China time,
 * the same month a year before, the month before, and hazards found, closed and overdue. A
 * database of its own: the shared one's accidents would swamp a hand count.
 */
let w: Awaited<ReturnType<typeof privateWorld>>;
let leader: Client;
let officer: Client;
let weights: { fatal: number; injury: number; pdo: number };

/** 2023 year-end residents (万人), data/…/population-371500.csv: 东阿县 34.00, 莘县 91.22, the city 585.91 (the sum). */
const POP = { donge: 340_000, shenxian: 912_200, city: 5_859_100 };
const DONGE = '371524';
const SHENXIAN = '371522';

async function crash(county: string, at: string, severity: 'fatal' | 'injury' | 'pdo', deaths = 0, injuries = 0) {
  await w.pool.query(
    `INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, light, geom)
     SELECT $1, $2::timestamp AT TIME ZONE 'Asia/Shanghai', $3, $4, $5, 'day', ST_PointOnSurface(geom) FROM jurisdictions WHERE code = $6`,
    [`D-${county}-${at}`, at, severity, deaths, injuries, county],
  );
}

async function hazard(county: string, foundOn: string, status: string, opts: { resolution?: string; closedOn?: string; deadline?: string } = {}) {
  await w.pool.query(
    `INSERT INTO hazards (number, type, description, risk, geom, county_code, township_code, status, resolution, unit_id, deadline, reporter_id, found_on, closed_at)
     SELECT $1, 'other', 'dashboard fixture', 'general', ST_PointOnSurface(c.geom), c.code,
            (SELECT t.code FROM jurisdictions t WHERE t.parent_code = c.code AND ST_Intersects(t.geom, ST_PointOnSurface(c.geom)) ORDER BY t.code LIMIT 1),
            $2, $3, CASE WHEN $2 <> 'registered' THEN (SELECT min(id) FROM units) END, $4::date,
            (SELECT id FROM users WHERE username = 'admin'), $5::date, ($6::date::timestamp + interval '10 hours') AT TIME ZONE 'Asia/Shanghai'
     FROM jurisdictions c WHERE c.code = $7`,
    [`${county}-${foundOn}-${status}-${opts.resolution ?? ''}`, status, opts.resolution ?? null, opts.deadline ?? null, foundOn, opts.closedOn ?? null, county],
  );
}

beforeAll(async () => {
  w = await privateWorld({ demo: false });
  leader = await signIn(w.app, 'leader');
  officer = await signIn(w.app, 'officer.donge');
  // 东阿, February 2024 (China time): a fatal crash on the leap day, an injury, a crash at 00:30 on the 1st (31 January in UTC).
  await crash(DONGE, '2024-02-29 10:00', 'fatal', 2, 1);
  await crash(DONGE, '2024-02-10 08:00', 'injury', 0, 3);
  await crash(DONGE, '2024-02-01 00:30', 'pdo');
  // Out of February: 1 March 00:00 and 31 January 23:59 (the month before, 环比).
  await crash(DONGE, '2024-03-01 00:00', 'pdo');
  await crash(DONGE, '2024-01-31 23:59', 'pdo');
  // February 2023 (同比): one crash late on the 28th.
  await crash(DONGE, '2023-02-28 23:30', 'injury', 0, 1);
  // 莘县: one crash this February, none a year before.
  await crash(SHENXIAN, '2024-02-15 12:00', 'pdo');

  await hazard(DONGE, '2024-02-05', 'closed', { resolution: 'rectified', closedOn: '2024-02-20' });
  await hazard(DONGE, '2024-02-10', 'closed', { resolution: 'invalid', closedOn: '2024-02-11' });
  await hazard(DONGE, '2024-02-12', 'rectifying', { deadline: '2024-03-01' });
  await hazard(DONGE, '2024-01-20', 'closed', { resolution: 'rectified', closedOn: '2024-02-02' });
  await hazard(SHENXIAN, '2024-02-01', 'registered');
  weights = (await okJson(leader.get('/api/dashboard?period=month&at=2024-02'))).epdoWeights;
}, 180_000);
afterAll(async () => {
  await w?.close();
});

describe('GET /api/dashboard', () => {
  it('counts February 2024 for the city and each county, with 同比, 环比 and deaths per 10 000 by hand', async () => {
    const d = await okJson(leader.get('/api/dashboard?period=month&at=2024-02'));
    expect(d.period).toEqual({ kind: 'month', from: '2024-02-01', to: '2024-02-29', partial: false, lastYear: { from: '2023-02-01', to: '2023-02-28' }, previous: { from: '2024-01-01', to: '2024-01-31' } });
    expect(d.area).toMatchObject({ code: '371500', level: 'city' });
    expect(d.populationYear).toBe(2023);
    expect(d.parts.map((p: { code: string }) => p.code)).toEqual(['371502', '371503', '371521', '371522', '371524', '371525', '371526', '371581']);
    const donge = d.parts.find((p: { code: string }) => p.code === DONGE);
    expect(donge).toMatchObject({
      accidents: 3, deaths: 2, injuries: 4, epdo: weights.fatal + weights.injury + weights.pdo, population: POP.donge,
      lastYear: { accidents: 1, deaths: 0, injuries: 1, epdo: weights.injury },
      previous: { accidents: 1, deaths: 0, injuries: 0, epdo: weights.pdo },
    });
    expect(donge.yoy.accidents).toBeCloseTo((3 - 1) / 1, 9);
    expect(donge.yoy.deaths).toBeNull(); // none last year: no ratio to show
    expect(donge.mom.accidents).toBeCloseTo(2, 9);
    // 万人死亡率: 2 deaths among 340 000 residents.
    expect(donge.deathsPer10k).toBeCloseTo(2 / 34, 9);
    expect(donge.deathsPer100k).toBeCloseTo(20 / 34, 9);
    // Hazards found in February: 3 (one invalid); closed in February: 3 (one found in January); rectified of the real ones found: 1 of 2.
    expect(donge.hazards).toEqual({ found: 3, closed: 3, rectified: 1, overdue: 1, open: 1, rectificationRate: 0.5 });
    const shen = d.parts.find((p: { code: string }) => p.code === SHENXIAN);
    expect(shen).toMatchObject({ accidents: 1, lastYear: { accidents: 0 }, yoy: { accidents: null }, deaths: 0, deathsPer10k: 0 });
    expect(shen.hazards).toEqual({ found: 1, closed: 0, rectified: 0, overdue: 0, open: 1, rectificationRate: 0 });
    // The city's row: the counties added up, against the city's own population.
    expect(d.total).toMatchObject({ code: '371500', whole: true, accidents: 4, deaths: 2, injuries: 4, lastYear: { accidents: 1 }, previous: { accidents: 1 }, population: POP.city });
    expect(d.total.deathsPer10k).toBeCloseTo((2 * 10_000) / POP.city, 12);
    expect(d.total.hazards).toMatchObject({ found: 4, closed: 3, rectified: 1, overdue: 1, open: 2 });
    expect(d.total.hazards.rectificationRate).toBeCloseTo(1 / 3, 12);
    // 红黄绿 by the built-in rules: 东阿 red (deaths 2 against none, 整改率 50 %; its accidents +200 % would be yellow),
    // 莘县 red (整改率 0 of 1), the counties with nothing green, the city red (deaths up, 整改率 1/3).
    expect(d.gradeRules.map((r: { id: string }) => r.id)).toEqual(['deaths-up', 'rectification-below-60', 'overdue-over-5', 'accidents-up-10']);
    expect(Object.fromEntries(d.parts.map((p: { code: string; grade: string; gradeRules: string[] }) => [p.code, [p.grade, ...p.gradeRules]]))).toEqual({
      371502: ['green'], 371503: ['green'], 371521: ['green'], 371522: ['red', 'rectification-below-60'],
      371524: ['red', 'deaths-up', 'rectification-below-60'], 371525: ['green'], 371526: ['green'], 371581: ['green'],
    });
    expect([d.total.grade, ...d.total.gradeRules]).toEqual(['red', 'deaths-up', 'rectification-below-60']);
    // Month by month through 2024 against 2023: 31 January 23:59; the four of February (00:30 on the 1st is February in China); 1 March.
    expect(d.series.year).toBe(2024);
    expect(d.series.months).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12']);
    expect(d.series.thisYear.accidents).toEqual([1, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(d.series.thisYear.deaths).toEqual([0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(d.series.lastYear.accidents).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    for (const k of ['accidents', 'deaths', 'injuries'] as const) {
      expect(d.parts.reduce((s: number, p: Record<string, number>) => s + p[k], 0)).toBe(d.total[k]);
    }
  });

  it('takes a quarter, a year, the year to a day and any days; 同比 of a leap day is the 28th', async () => {
    const q = await okJson(leader.get('/api/dashboard?period=quarter&at=2024-Q1'));
    expect(q.period).toMatchObject({ from: '2024-01-01', to: '2024-03-31', previous: { from: '2023-10-01', to: '2023-12-31' } });
    expect(q.total.accidents).toBe(6); // 31 January, the four of February, 1 March
    const y = await okJson(leader.get('/api/dashboard?period=year&at=2023'));
    expect(y.total).toMatchObject({ accidents: 1, injuries: 1 });
    const ytd = await okJson(leader.get('/api/dashboard?period=ytd&at=2024-02-10'));
    expect(ytd.period).toMatchObject({ from: '2024-01-01', to: '2024-02-10', lastYear: { from: '2023-01-01', to: '2023-02-10' } });
    expect(ytd.total.accidents).toBe(3); // 31 January, 1 and 10 February
    const leap = await okJson(leader.get('/api/dashboard?period=custom&from=2024-02-29&to=2024-02-29'));
    expect(leap.period).toMatchObject({ from: '2024-02-29', to: '2024-02-29', lastYear: { from: '2023-02-28', to: '2023-02-28' }, previous: { from: '2024-02-28', to: '2024-02-28' } });
    expect(leap.total).toMatchObject({ accidents: 1, deaths: 2, lastYear: { accidents: 1 } });
  });

  it("counts each feature's number for the area (视距不足路口, 马路市场, 护学岗, 第一盏灯)", async () => {
    const at = `(SELECT ST_PointOnSurface(geom) FROM jurisdictions WHERE code = '${DONGE}')`;
    await w.pool.query(`INSERT INTO intersections (id, kind, legs, county_code, geom, geom_m, deficient, severity)
                        SELECT 990001 + k, 'four', 4, '${DONGE}', p, ST_Transform(p, metric_srid()), true, CASE WHEN k = 0 THEN 'severe' ELSE 'minor' END
                        FROM ${at} AS g(p), generate_series(0, 1) k`);
    await w.pool.query(`INSERT INTO markets (name, geom, calendar, days, hours_from, hours_to, status, status_on, source)
                        SELECT '测试集', ST_MakeLine(p, ST_Translate(p, 0.001, 0)), 'lunar', '{3,8}', '06:00', '11:00', s, '2024-01-01', 'test'
                        FROM ${at} AS g(p), unnest(ARRAY['active', 'regulated', 'closed']) s`);
    await w.pool.query(`INSERT INTO schools (name, kind, geom, source) SELECT '测试中学', 'junior_middle', p, 'test' FROM ${at} AS g(p)`);
    await w.pool.query(`INSERT INTO lights (type, programme, geom, status, installed_on, source)
                        SELECT 'street_light', prog, p, st, day::date, 'test'
                        FROM ${at} AS g(p), (VALUES ('first_light', 'working', '2024-02-10'), ('first_light', 'working', '2023-06-01'),
                                                   ('first_light', 'planned', '2024-02-20'), ('other', 'working', '2024-02-11')) v(prog, st, day)`);
    const read = async (query: string) =>
      Object.fromEntries((await okJson(leader.get(`/api/dashboard?${query}`))).indicators.map((i: { id: string; value: number; detail: { value: number } | null }) => [i.id, [i.value, i.detail?.value ?? null]]));
    // 东阿, February 2024: two deficient corners (one severe); one market on the road (one regulated, one closed);
    // one school, no guard post; one first light put up in February (the planned one is not up; the other programme's not counted), two working.
    expect(await read(`period=month&at=2024-02&area=${DONGE}`)).toEqual({ 'sight-lines': [2, 1], markets: [1, 1], 'schools-without-guard': [1, 1], 'first-lights': [1, 2], 'first-light-effect': [0, 0] });
    expect((await read(`period=month&at=2024-02`))['sight-lines']).toEqual([2, 1]);
    expect(await read(`period=month&at=2024-02&area=${SHENXIAN}`)).toEqual({ 'sight-lines': [0, 0], markets: [0, 0], 'schools-without-guard': [0, 0], 'first-lights': [0, 0], 'first-light-effect': [0, 0] });
    expect((await read(`period=month&at=2024-03&area=${DONGE}`))['first-lights']).toEqual([0, 2]);
    // Their effect: night crashes at the light put up on 1 June 2023, a year each side, once its
    // year after has ended (by 1 June 2024: from May 2024 on); a day crash and one in 莘县 are not its own.
    const night = async (county: string, at: string, light: string) => {
      await crash(county, at, 'pdo');
      await w.pool.query(`UPDATE accidents SET light = $2 WHERE external_id = $1`, [`D-${county}-${at}`, light]);
    };
    await night(DONGE, '2022-06-01 21:00', 'dark_unlit'); // the first day of the year before
    await night(DONGE, '2023-05-31 23:30', 'dark_lit');
    await night(DONGE, '2023-06-01 20:00', 'dark_unlit'); // the day it went up: after
    await night(DONGE, '2023-10-01 12:00', 'day');
    await night(DONGE, '2024-06-01 21:00', 'dark_unlit'); // a year on: neither
    await night(SHENXIAN, '2023-09-01 21:00', 'dark_unlit');
    expect((await read(`period=month&at=2024-06&area=${DONGE}`))['first-light-effect']).toEqual([1, 2]);
    expect((await read(`period=month&at=2024-06`))['first-light-effect']).toEqual([1, 2]);
    expect((await read(`period=month&at=2024-05&area=${DONGE}`))['first-light-effect']).toEqual([1, 2]);
    expect((await read(`period=month&at=2024-04&area=${DONGE}`))['first-light-effect']).toEqual([0, 0]);
    expect((await read(`period=month&at=2024-06&area=${SHENXIAN}`))['first-light-effect']).toEqual([0, 0]);
    await w.pool.query(`DELETE FROM accidents WHERE external_id = ANY($1)`, [
      ['2022-06-01 21:00', '2023-05-31 23:30', '2023-06-01 20:00', '2023-10-01 12:00', '2024-06-01 21:00'].map((at) => `D-${DONGE}-${at}`).concat(`D-${SHENXIAN}-2023-09-01 21:00`),
    ]);
  });

  it('ends the month under way today, and compares it with the same days a year before', async () => {
    const today = chinaToday();
    const lastYear = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
    // 莘县: one crash today, one on the same day a year ago (counted), one the day after it (not yet: the year before stops where today does).
    await crash(SHENXIAN, `${today} 08:00`, 'pdo');
    await crash(SHENXIAN, `${lastYear} 08:00`, 'pdo');
    await crash(SHENXIAN, `${isoDate(dayNumber(lastYear) + 1)} 08:00`, 'pdo');
    const m = await okJson(officer.get(`/api/dashboard?period=month&area=${DONGE}`));
    expect(m.period).toMatchObject({ to: today, partial: true, lastYear: { to: lastYear } });
    const city = await okJson(leader.get('/api/dashboard?period=month'));
    expect(city.period).toMatchObject({ from: `${today.slice(0, 7)}-01`, to: today, partial: true });
    expect(city.total).toMatchObject({ accidents: 1, lastYear: { accidents: 1 }, yoy: { accidents: 0 } });
    // A whole month named by `at` is not partial.
    expect((await okJson(leader.get('/api/dashboard?period=month&at=2024-02'))).period.partial).toBe(false);
  });

  it('gives the map the accidents of a county or township as the dashboard counts them (a number clicked opens /map?area=)', async () => {
    const ids = async (area: string) => {
      const res = await w.app.request(`/api/accidents/in-area?area=${area}`);
      expect(res.status).toBe(200);
      return [...new Uint32Array(await res.arrayBuffer())];
    };
    const own = async (county: string) =>
      (await w.pool.query<{ id: number }>(`SELECT id FROM accidents WHERE external_id LIKE $1 ORDER BY id`, [`D-${county}-%`])).rows.map((r) => Number(r.id));
    const donge = await ids(DONGE);
    expect(donge).toEqual(await own(DONGE));
    expect(donge).toHaveLength(6);
    // February 2024 on the dashboard: 3 of those; the township holding the fixture's point has all six, its neighbours none.
    const feb = await okJson(leader.get(`/api/dashboard?period=month&at=2024-02&area=${DONGE}`));
    expect(feb.total.accidents).toBe(3);
    const holder = feb.parts.find((p: { code: string; lastYear: { accidents: number } }) => p.lastYear.accidents === 1);
    expect(await ids(holder.code)).toEqual(donge);
    const other = feb.parts.find((p: { code: string }) => p.code !== holder.code);
    expect(await ids(other.code)).toEqual([]);
    expect(await ids('371500')).toEqual((await w.pool.query<{ id: number }>('SELECT id FROM accidents ORDER BY id')).rows.map((r) => Number(r.id)));
    const unknown = await w.app.request('/api/accidents/in-area?area=371599');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.details[0]).toMatchObject({ param: 'area', rule: 'unknown' });
  });

  it("keeps each reader to their area: an officer's county and its townships, a 403 elsewhere; no dashboard for a liaison or without sign-in", async () => {
    const own = await okJson(officer.get('/api/dashboard?period=month&at=2024-02'));
    expect(own.area).toMatchObject({ code: DONGE, level: 'county' });
    expect(own.total).toMatchObject({ accidents: 3, deaths: 2 });
    expect(own.parts.length).toBeGreaterThan(5);
    expect(own.parts.every((p: { level: string }) => p.level === 'township')).toBe(true);
    expect(own.parts.reduce((s: number, p: { accidents: number }) => s + p.accidents, 0)).toBe(3);
    // Townships have no population of their own: no rate rather than a made-up one.
    expect(own.parts[0].deathsPer10k).toBeNull();
    const township = own.parts.find((p: { accidents: number }) => p.accidents > 0);
    const one = await okJson(officer.get(`/api/dashboard?period=month&at=2024-02&area=${township.code}`));
    expect(one).toMatchObject({ area: { code: township.code, level: 'township' }, parts: [], total: { accidents: township.accidents } });
    expect(await errorOf(officer.get(`/api/dashboard?area=${SHENXIAN}`), 403)).toMatchObject({ details: [{ param: 'area', reason: 'scope' }] });
    expect(await errorOf(officer.get('/api/dashboard?area=371500'), 403)).toBeTruthy();
    // 东阿's brigade leader reads the same as its officer, and not the city.
    const countyLeader = await signIn(w.app, 'leader.donge');
    expect(await okJson(countyLeader.get('/api/dashboard?period=month&at=2024-02'))).toMatchObject({ area: { code: DONGE }, total: { accidents: 3 }, parts: own.parts.map((p: { code: string }) => ({ code: p.code })) });
    expect(await errorOf(countyLeader.get('/api/dashboard?area=371500'), 403)).toBeTruthy();
    expect(await errorOf((await signIn(w.app, 'liaison.liuji')).get('/api/dashboard'), 403)).toBeTruthy();
    expect(await errorOf(w.app.request('/api/dashboard'), 401)).toBeTruthy();
  });

  it('finds hotspots new, persistent and gone against the period before (≥ 3 crashes within 50 m)', async () => {
    // February 2024: three crashes at 东阿's point (the 1st, 10th, 29th) make one; January (the 31st alone) has none.
    expect(await okJson(leader.get('/api/dashboard/hotspots?period=month&at=2024-02'))).toMatchObject({
      rule: { eps: 50, minPoints: 3 }, now: 1, before: 0, new: 1, persistent: 0, gone: 0, period: { previous: { from: '2024-01-01', to: '2024-01-31' } },
    });
    // March (1 March alone): February's is gone.
    expect(await okJson(leader.get('/api/dashboard/hotspots?period=month&at=2024-03'))).toMatchObject({ now: 0, before: 1, new: 0, persistent: 0, gone: 1 });
    // May and June 2022: three crashes at the same point each month, so June's persists; 莘县 sees none of it.
    for (const day of ['2022-05-03', '2022-05-14', '2022-05-25', '2022-06-02', '2022-06-12', '2022-06-22']) await crash(DONGE, `${day} 09:00`, 'pdo');
    expect(await okJson(leader.get('/api/dashboard/hotspots?period=month&at=2022-06'))).toMatchObject({ now: 1, before: 1, new: 0, persistent: 1, gone: 0 });
    expect(await okJson(leader.get(`/api/dashboard/hotspots?period=month&at=2022-06&area=${SHENXIAN}`))).toMatchObject({ now: 0, before: 0 });
    expect(await errorOf(officer.get(`/api/dashboard/hotspots?period=month&at=2022-06&area=${SHENXIAN}`), 403)).toBeTruthy();
    // Across a 50 m cell of the matching's grid: May 2021's two clusters 2 m west of a cell's edge,
    // June's 45 m east of the first (in the next cell: persists) and 55 m east of the second (two
    // cells on: new, and May's gone).
    const at = async (day: string, east: number, north: number) => {
      await w.pool.query(
        `WITH b AS (SELECT ST_Transform(ST_PointOnSurface(geom), metric_srid()) AS m FROM jurisdictions WHERE code = $2)
         INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, light, geom)
         SELECT $1, $3::timestamp AT TIME ZONE 'Asia/Shanghai', 'pdo', 0, 0, 'day',
                ST_Transform(ST_SetSRID(ST_MakePoint((floor(ST_X(m) / 50) + 1) * 50 + $4, ST_Y(m) + $5), metric_srid()), 4326)
         FROM b`,
        [`G-${day}-${east}-${north}`, DONGE, `${day} 09:00`, east, north],
      );
    };
    for (const [month, east] of [['05', -2], ['06', 43]] as const) for (const day of ['03', '14', '25']) await at(`2021-${month}-${day}`, east, 0);
    for (const [month, east] of [['05', -2], ['06', 53]] as const) for (const day of ['03', '14', '25']) await at(`2021-${month}-${day}`, east, 1000);
    expect(await okJson(leader.get(`/api/dashboard/hotspots?period=month&at=2021-06&area=${DONGE}`))).toMatchObject({ now: 2, before: 2, new: 1, persistent: 1, gone: 1 });
    await w.pool.query(`DELETE FROM accidents WHERE external_id LIKE 'G-2021-%'`);
  });

  it('refuses a period or area it cannot read, naming the parameter', async () => {
    const bad = async (query: string, param: string) => {
      const e = await errorOf(leader.get(`/api/dashboard?${query}`), 400);
      expect(e.details.map((x: { param?: string }) => x.param), query).toContain(param);
    };
    await bad('period=week', 'period');
    await bad('period=month&at=2024-13', 'at');
    await bad('period=year&at=0000', 'at');
    await bad('period=ytd&at=2024-02-30', 'at');
    await bad('period=custom&from=2024-03-01&to=2024-02-01', 'to');
    await bad('period=custom&to=2024-02-01', 'from');
    await bad('period=custom&from=2000-01-01&to=2024-12-31', 'to');
    await bad('area=abc', 'area');
    await bad('area=999999', 'area');
    await bad('area=3715240000000000000000', 'area');
    await bad(`at=${encodeURIComponent('2024\u0000')}&period=year`, 'at');
  });
});

describe('GET /api/briefing (生成通报)', () => {
  const FEB = 'period=month&at=2024-02';
  const download = async (query: string) => {
    const res = await leader.get(`/api/briefing?${query}`);
    expect(res.status).toBe(200);
    return { type: res.headers.get('content-type'), name: decodeURIComponent(res.headers.get('content-disposition')!.split("''")[1]), bytes: Buffer.from(await res.arrayBuffer()) };
  };
  /** The cells after a row's first cell, as mammoth reads a .docx table (one paragraph a cell). */
  const rowAfter = (lines: string[], first: string, from = 0) => {
    const i = lines.indexOf(first, from);
    return i < 0 ? null : lines.slice(i + 1, i + 11);
  };
  let unitName: string;
  let overdueDays: number;
  beforeAll(async () => {
    unitName = (await w.pool.query('SELECT name FROM units WHERE id = (SELECT min(id) FROM units)')).rows[0].name;
    overdueDays = dayNumber(chinaToday()) - dayNumber('2024-03-01');
  });

  it('writes February 2024 as a Word document holding the numbers the dashboard shows', async () => {
    const { default: mammoth } = await import('mammoth');
    const docx = await download(FEB);
    expect(docx.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docx.name).toBe('聊城市道路交通安全工作通报-2024-02-01至2024-02-29.docx');
    const lines = (await mammoth.extractRawText({ buffer: docx.bytes })).value.split('\n').filter(Boolean);
    expect(lines[0]).toBe('聊城市道路交通安全工作通报');
    expect(lines[1]).toMatch(/^统计期：2024年2月1日至2024年2月29日（月）/);
    // The city: 4 accidents against 1 (+300 %), 2 deaths against none, 2 × 10 000 / 5 859 100 = 0.003 per 10 000; hazards 4 found, 3 closed, 1 of 3 real rectified, 1 overdue.
    const summary = lines.find((l) => l.startsWith('本期聊城市'));
    expect(summary).toBe(
      '本期聊城市共发生道路交通事故4起，同比上升300.0%；死亡2人，上年同期为零；受伤4人，同比上升300.0%。万人死亡率0.003（按2023年末常住人口计算）。' +
        '排查道路交通安全隐患4处，本期销号3处，整改率33.3%；目前逾期未整改1处，在办2处。同比对照期为2023年2月1日至2023年2月28日。',
    );
    // The features' numbers (the fixture's corners, markets, school and lights in 东阿).
    expect(lines[lines.indexOf(summary!) + 1]).toBe('本期50米范围内3起以上的事故多发点1处，与上期（2024年1月1日至2024年1月31日，0处）相比新增1处、持续0处、消除0处。');
    expect(lines[lines.indexOf(summary!) + 2]).toBe('专项工作：视距不足路口2（其中严重1）；在册马路市场（占道）1（已规范1）；未设护学岗学校1（学校总数1）；本期新装第一盏灯1（在用2）；第一盏灯装后一年夜间事故0（装前一年0）。');
    // 东阿's row as on the dashboard: red, 3 (+200 %), 2 deaths (no base), 4 injured, 2/34 per 10 000, 3 found, 1 overdue, 50 %.
    expect(rowAfter(lines, '东阿县')).toEqual(['红', '3', '+200.0%', '2', '—', '4', (2 / 34).toFixed(3), '3', '1', '50.0%']);
    expect(rowAfter(lines, '合计')).toEqual(['红', '4', '+300.0%', '2', '—', '4', '0.003', '4', '1', '33.3%']);
    // 红黄绿 with the rule that set each; the hotspot (four crashes at one place in the 12 months to 29 February); overdue by brigade and unit; found by type.
    expect(lines).toContain('评为红色（2个）：莘县（隐患整改率低于60%），东阿县（死亡人数同比上升；隐患整改率低于60%）。');
    expect(lines).toContain('评为黄色（0个）：无。');
    const hotspot = lines.indexOf('同比', lines.indexOf('序号'));
    expect(lines.slice(hotspot + 1, hotspot + 2)).toEqual(['1']);
    expect(lines.slice(hotspot + 3, hotspot + 7)).toEqual(['4', '2', '4', String(Math.round(weights.fatal + weights.injury + 2 * weights.pdo))]);
    expect(rowAfter(lines, '东阿县大队')?.slice(0, 3)).toEqual([unitName, '1', String(overdueDays)]);
    expect(rowAfter(lines, '其他')?.[0]).toBe('4');
  });

  it('writes the same as an A4 PDF with Noto Sans SC embedded, and the map alone as a PNG', async () => {
    const pdf = await download(FEB.replace('period', 'format=pdf&period'));
    expect(pdf.type).toBe('application/pdf');
    const raw = pdf.bytes.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(raw).toMatch(/\/FontFile2/);
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(pdf.bytes), useSystemFonts: false }).promise;
    expect(doc.numPages).toBeGreaterThanOrEqual(2);
    const page = await doc.getPage(1);
    const [w0, h0] = [page.view[2], page.view[3]];
    expect([Math.round(w0), Math.round(h0)]).toEqual([595, 842]); // A4 in points
    let text = '';
    for (let i = 1; i <= doc.numPages; i++) text += ((await (await doc.getPage(i)).getTextContent()).items as { str: string }[]).map((x) => x.str).join('');
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('聊城市道路交通安全工作通报');
    expect(flat).toContain('本期聊城市共发生道路交通事故4起，同比上升300.0%；死亡2人，上年同期为零');
    expect(flat).toContain('东阿县红3+200.0%2—4');
    expect(flat).toContain(`东阿县大队${unitName}1${overdueDays}`);
    expect(flat).toContain(`第1页共${doc.numPages}页`);
    const png = await download(FEB.replace('period', 'format=png&period'));
    expect(png.type).toBe('image/png');
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it("keeps to the dashboard's readers and scope, and names a bad parameter", async () => {
    expect((await officer.get(`/api/briefing?${FEB}&area=${DONGE}`)).status).toBe(200);
    expect(await errorOf(officer.get(`/api/briefing?${FEB}&area=${SHENXIAN}`), 403)).toBeTruthy();
    expect(await errorOf((await signIn(w.app, 'liaison.liuji')).get('/api/briefing'), 403)).toBeTruthy();
    expect(await errorOf(w.app.request('/api/briefing'), 401)).toBeTruthy();
    const bad = await errorOf(leader.get('/api/briefing?format=doc'), 400);
    expect(bad.details[0].param).toBe('format');
    expect((await errorOf(leader.get('/api/briefing?period=month&at=2024-13'), 400)).details[0].param).toBe('at');
  });
});

describe("a county's crash or hazard in none of its townships (a gap in imported township boundaries)", () => {
  it('counts in the county\'s whole and in a row of its own (未划入乡镇), as the city counts it under the county; the monthly series and the map\'s area agree', async () => {
    // Last in the file: May 2024 is no other test's period.
    await crash(SHENXIAN, '2024-05-10 09:00', 'injury', 0, 2);
    await crash(SHENXIAN, '2024-05-12 09:00', 'pdo');
    await hazard(SHENXIAN, '2024-05-11', 'registered');
    // Where no township holds the point, point_area() leaves the township null (its county kept).
    const gap = (await w.pool.query<{ id: number }>(`UPDATE accidents SET township_code = NULL WHERE external_id = $1 RETURNING id`, [`D-${SHENXIAN}-2024-05-10 09:00`])).rows[0];
    await w.pool.query(`UPDATE hazards SET township_code = NULL WHERE number = $1`, [`${SHENXIAN}-2024-05-11-registered-`]);

    type Row = { code: string | null; unplaced: boolean; accidents: number; hazards: { found: number } };
    const county = await okJson(leader.get(`/api/dashboard?period=month&at=2024-05&area=${SHENXIAN}`));
    expect(county.total).toMatchObject({ accidents: 2, injuries: 2, unplaced: false, hazards: { found: 1 } });
    const unplaced = county.parts.filter((p: Row) => p.unplaced);
    expect(unplaced).toEqual([
      expect.objectContaining({ code: null, name: '未划入乡镇', nameEn: 'Not in any township', level: 'township', whole: false, accidents: 1, injuries: 2, hazards: expect.objectContaining({ found: 1 }) }),
    ]);
    expect(county.parts.at(-1).unplaced).toBe(true);
    // The parts add up to the whole.
    expect(county.parts.reduce((n: number, p: Row) => n + p.accidents, 0)).toBe(2);
    expect(county.parts.reduce((n: number, p: Row) => n + p.hazards.found, 0)).toBe(1);
    // The city counts both under 莘县, and has no such row (every crash here lies in a county).
    const city = await okJson(leader.get('/api/dashboard?period=month&at=2024-05'));
    expect(city.parts.find((p: Row) => p.code === SHENXIAN)).toMatchObject({ accidents: 2, hazards: { found: 1 } });
    expect(city.parts.some((p: Row) => p.unplaced)).toBe(false);
    expect(city.total.accidents).toBe(2);
    // The county's month in its series, and its area on the map, hold the crash too.
    expect(county.series.thisYear.accidents[county.series.months.indexOf('05')]).toBe(2);
    const res = await w.app.request(`/api/accidents/in-area?area=${SHENXIAN}`);
    expect([...new Uint32Array(await res.arrayBuffer())]).toContain(Number(gap.id));
    // A township's own view is its own crashes only.
    const township = county.parts.find((p: Row) => !p.unplaced && p.accidents > 0);
    expect((await okJson(leader.get(`/api/dashboard?period=month&at=2024-05&area=${township.code}`))).total.accidents).toBe(1);
  });
});
