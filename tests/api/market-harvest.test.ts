import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { SessionUser } from '@api/auth/accounts';
import { harvestBySeason, harvestSeasons } from '@api/markets/harvest';
import { rateRatio } from '@shared/stats/rate-ratio';
import { errorOf, okJson, signIn } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * 占道晒粮 by harvest season, by hand: crashes and hazards of 2015 (a year no other accident is in)
 * in the township holding O, inside a transaction rolled back after each test. Seasons as set:
 * wheat 06-01–06-30 (30 days), maize 09-20–10-31 (11 + 31 = 42 days); the other days of 2015 are
 * 365 − 72 = 293.
 */
const O = [116.1, 36.42];
const YEAR = { from: '2015-01-01', to: '2015-12-31' };
let db: pg.Client;
let t: Awaited<ReturnType<typeof createTestApp>>;
let admin: SessionUser;
let elsewhere: SessionUser;
let township: { code: string; county: string };

const CRASHES: [string, string, string, number, number, number][] = [
  // id, local time, severity, deaths, injuries, metres east of O
  ['HV-W1', '2015-06-01 08:00', 'injury', 0, 1, 0], // wheat, its first day
  ['HV-W2', '2015-06-30 23:30', 'pdo', 0, 0, 50], // wheat, its last day late at night (15:30 UTC)
  ['HV-O1', '2015-07-01 00:10', 'pdo', 0, 0, -50], // the day after (still 06-30 in UTC): other
  ['HV-O2', '2015-09-19 12:00', 'fatal', 1, 0, 20], // the day before maize: other
  ['HV-M1', '2015-09-20 07:00', 'injury', 0, 2, 0], // maize, its first day
  ['HV-M2', '2015-10-15 09:00', 'pdo', 0, 0, 30], // maize
  ['HV-M3', '2015-10-31 18:00', 'pdo', 0, 0, -30], // maize, its last day
  ['HV-O3', '2015-03-10 10:00', 'pdo', 0, 0, 10], // other
  ['HV-X1', '2014-12-31 23:00', 'pdo', 0, 0, 0], // before the window
];
const HAZARDS: [string, string, string][] = [
  // number, type, found on
  ['HV-H1', 'crop_drying', '2015-06-10'], // wheat
  ['HV-H2', 'crop_drying', '2015-10-01'], // maize
  ['HV-H3', 'crop_drying', '2015-10-02'], // maize
  ['HV-H4', 'crop_drying', '2015-08-01'], // other
  ['HV-H5', 'other', '2015-06-10'], // not 占道晒粮
];

beforeAll(async () => {
  db = new pg.Client(inject('db').connection);
  await db.connect();
  t = await createTestApp();
  admin = (await signIn(t.app, 'admin')).user as unknown as SessionUser;
  const r = await db.query(`SELECT code, parent_code AS county FROM jurisdictions WHERE level = 'township' AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))`, O);
  township = r.rows[0];
  const other = (await db.query(`SELECT code FROM jurisdictions WHERE level = 'county' AND code <> $1 ORDER BY code LIMIT 1`, [township.county])).rows[0].code;
  const username = (await db.query(`SELECT username FROM users WHERE role = 'officer' AND scope_code = $1`, [other])).rows[0].username;
  elsewhere = (await signIn(t.app, username)).user as unknown as SessionUser;
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});


/** The harvest of the township holding O, as `reader` may count it (in the test's transaction). */
const run = async (reader = admin, window = YEAR) =>
  harvestBySeason(db, { ...window, seasons: await harvestSeasons(db), county: township.county, township: township.code, reader });

describe('crashes and 占道晒粮 hazards by harvest season', () => {
  beforeEach(async () => {
    await db.query('BEGIN');
    const at = (east: number) => `ST_Transform(ST_Translate(ST_Transform(ST_SetSRID(ST_MakePoint(${O[0]}, ${O[1]}), 4326), metric_srid()), ${east}, 0), 4326)`;
    for (const [id, time, severity, deaths, injuries, east] of CRASHES) {
      await db.query(
        `INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, light, synthetic, geom)
         VALUES ($1, $2::timestamp AT TIME ZONE 'Asia/Shanghai', $3, $4, $5, 'day', false, ${at(east)})`,
        [id, time, severity, deaths, injuries],
      );
    }
    for (const [number, type, foundOn] of HAZARDS) {
      await db.query(
        `INSERT INTO hazards (number, type, description, risk, geom, county_code, township_code, reporter_id, found_on)
         VALUES ($1, $2, '占道晒粮测试', 'general', ${at(0)}, $3, $4, $5, $6)`,
        [number, type, township.county, township.code, admin.id, foundOn],
      );
    }
  });
  afterEach(() => db.query('ROLLBACK'));

  it('are the settings’ seasons', async () => {
    expect(await harvestSeasons(db)).toEqual([
      { id: 'wheat', name: '麦收', nameEn: 'wheat harvest', from: '06-01', to: '06-30' },
      { id: 'maize', name: '秋收', nameEn: 'maize harvest', from: '09-20', to: '10-31' },
    ]);
  });

  it('counts each season against the township’s other days, by local date', async () => {
    const r = await run();
    expect(r.townships.map((x) => x.code)).toEqual([township.code]);
    const { seasons, other } = r.townships[0];
    expect(seasons.wheat).toMatchObject({ days: 30, crashes: 2, fatal: 0, injury: 1, pdo: 1, deaths: 0, injuries: 1, hazards: 1 });
    expect(seasons.maize).toMatchObject({ days: 42, crashes: 3, fatal: 0, injury: 1, pdo: 2, deaths: 0, injuries: 2, hazards: 2 });
    expect(other).toMatchObject({ days: 293, crashes: 3, fatal: 1, injury: 0, pdo: 2, deaths: 1, injuries: 0, hazards: 1 });
    expect(seasons.harvest).toMatchObject({ days: 72, crashes: 5, injuries: 3, hazards: 3 });
    // Crashes per day: wheat 2/30, maize 3/42, the harvest 5/72, the other days 3/293.
    expect(seasons.wheat.perDay).toBeCloseTo(2 / 30, 12);
    expect(other.perDay).toBeCloseTo(3 / 293, 12);
    // (2/30)/(3/293) = 586/90; (3/42)/(3/293) = 293/42; (5/72)/(3/293) = 1465/216.
    expect(seasons.wheat.ratio).toBeCloseTo(586 / 90, 12);
    expect(seasons.maize.ratio).toBeCloseTo(293 / 42, 12);
    expect(seasons.harvest.ratio).toBeCloseTo(1465 / 216, 12);
    const rr = rateRatio(5, 72, 3, 293);
    expect(seasons.harvest.ci).toEqual([rr.low, rr.high]);
    // The county and the whole area hold the one township: the same counts, the days not multiplied.
    expect(r.byCounty.map((c) => c.code)).toEqual([township.county]);
    expect(r.byCounty[0].seasons).toEqual(r.townships[0].seasons);
    expect(r.total.other).toEqual(other);
  });

  it('counts only the hazards the reader may see, and the crashes for everyone', async () => {
    const { seasons, other } = (await run(elsewhere)).townships[0];
    expect([seasons.wheat.hazards, seasons.maize.hazards, other.hazards]).toEqual([0, 0, 0]);
    expect([seasons.wheat.crashes, seasons.maize.crashes, other.crashes]).toEqual([2, 3, 3]);
  });

  it('follows the window, and the seasons set', async () => {
    // 06-15 … 10-20: wheat 06-15–06-30 (16 days: W2), maize 09-20–10-20 (31 days: M1, M2), the
    // other days 07-01–09-19 (31 + 31 + 19 = 81: O1, O2).
    const part = (await run(admin, { from: '2015-06-15', to: '2015-10-20' })).townships[0];
    expect([part.seasons.wheat.days, part.seasons.wheat.crashes, part.seasons.maize.days, part.seasons.maize.crashes, part.other.days, part.other.crashes]).toEqual([16, 1, 31, 2, 81, 2]);
    await db.query(`UPDATE app_settings SET value = '[{"id":"wheat","name":"麦收","from":"06-01","to":"06-15"}]' WHERE key = 'harvest_seasons'`);
    const { seasons, other } = (await run()).townships[0];
    // Only W1 (06-01) in the first half of June; the rest of the year is "other": 365 − 15 = 350 days, 7 crashes.
    expect(Object.keys(seasons)).toEqual(['wheat', 'harvest']);
    expect(seasons.wheat).toMatchObject({ days: 15, crashes: 1, hazards: 1 });
    expect(other).toMatchObject({ days: 350, crashes: 7, hazards: 3 });
    await db.query(`UPDATE app_settings SET value = '[{"id":"maize","name":"秋收","from":"10-31","to":"09-20"}]' WHERE key = 'harvest_seasons'`);
    await expect(harvestSeasons(db)).rejects.toThrow(/harvest_seasons is not valid: from after to/);
  });
});

describe('GET /api/markets/harvest', () => {
  it('gives every township of the area its seasons, and needs a session', async () => {
    const leader = await signIn(t.app, 'leader');
    const r = await okJson(leader.get('/api/markets/harvest?brigade=371524&from=2024-01-01&to=2024-12-31'));
    const codes = (await t.pool.query(`SELECT array_agg(code ORDER BY code) AS c FROM jurisdictions WHERE level = 'township' AND parent_code = '371524'`)).rows[0].c;
    expect(r).toMatchObject({ from: '2024-01-01', to: '2024-12-31', seasons: [{ id: 'wheat' }, { id: 'maize' }] });
    expect(r.townships.map((x: { code: string }) => x.code).sort()).toEqual(codes);
    // 2024 is a leap year: 30 + 42 days of harvest, 366 − 72 = 294 others, in every township.
    for (const x of r.townships) expect([x.seasons.wheat.days, x.seasons.maize.days, x.other.days]).toEqual([30, 42, 294]);
    const sum = r.townships.reduce((n: number, x: { seasons: { harvest: { crashes: number } }; other: { crashes: number } }) => n + x.seasons.harvest.crashes + x.other.crashes, 0);
    expect(r.byCounty[0].seasons.harvest.crashes + r.byCounty[0].other.crashes).toBe(sum);
    expect((await t.app.request('/api/markets/harvest')).status).toBe(401);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const leader = await signIn(t.app, 'leader');
    const bad = async (query: string, param: string) => expect((await errorOf(leader.get(`/api/markets/harvest?${query}`), 400)).details[0].param, query).toBe(param);
    await bad('from=2025-06-01&to=2025-01-01', 'from');
    await bad('from=2005-01-01&to=2025-12-31', 'from');
    await bad('from=2026-02-30', 'from');
    await bad('to=0000-01-01', 'to');
    await bad('county=371599', 'county');
    await bad('brigade=12', 'brigade');
    await bad('township=371524999', 'township');
    await bad('county=371524%00', 'county');
  });
});
