import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_EPDO_WEIGHTS } from '@api/hotspots/epdo';
import { exposure, guardPostComparison, rollup, schoolZoneStats } from '@api/schools/zone-stats';
import { ensureCalendar } from '@api/seed/calendar';
import { privateWorld } from '../support/private-world';
import { SchoolWorld } from '../support/school-world';

/**
 * Accidents in a hand-built zone at school hours on school days against other hours. The calendar
 * is the real one (calendar_days): 2025's National Day holiday runs 1–8 October and Saturday
 * 11 October is worked instead (调休); the autumn term starts 1 September; the spring term ends
 * 10 July. School hours: 07:00–08:00 and 16:30–18:00 (2.5 h a day).
 */
let db: pg.Client;
let w: SchoolWorld;
const weights = DEFAULT_EPDO_WEIGHTS;

// A database of its own: the private tables shadow the real ones for the session, and on the
// embedded engine every connection shares one session, so in the full suite other tests' work
// could meet them (four of these failed there, never alone). Seeded with the calendar it reads.
let world: Awaited<ReturnType<typeof privateWorld>>;
beforeAll(async () => {
  world = await privateWorld({ accidents: 0 });
  await ensureCalendar(world.pool);
  db = new pg.Client({ connectionString: world.url });
  await db.connect();
  w = new SchoolWorld(db);
  await w.init();
}, 180_000);
afterAll(async () => {
  await db?.end();
  await world?.close();
});
beforeEach(() => w.begin());
afterEach(() => w.rollback());

let nextAccident = 1;
/** An accident at local time `at` (China time), `off` m north of the road y = `y`, at x. */
async function accident(at: string, x: number, y: number, opts: { severity?: string; vehicles?: string[]; off?: number } = {}) {
  const severity = opts.severity ?? 'pdo';
  await db.query(
    `INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, vehicle_types, light, geom_m, geom)
     SELECT $1, $2::timestamp AT TIME ZONE 'Asia/Shanghai', $3, $4, $5, $6, 'day', g, ST_Transform(g, 4326)
     FROM ST_GeomFromText($7, metric_srid()) g`,
    [`T-${nextAccident++}`, at, severity, severity === 'fatal' ? 1 : 0, severity === 'injury' ? 1 : 0, opts.vehicles ?? ['car'], w.point([x, y + (opts.off ?? 0)])],
  );
}

/** A school with its gate on a road of its own (along y = `y`), far from the other schools. */
async function schoolOnRoad(y: number, name: string) {
  const road = await w.road([[-1000, y], [1000, y]], { name: `${name}路` });
  return w.school([0, y + 40], [{ at: [0, y], road }], name);
}

describe('school-hours statistics on a known school day, a holiday and an hour', () => {
  it('counts a crash at school hours only on a school day, within the hours and within 15 m of the zone', async () => {
    const id = await schoolOnRoad(0, '一中');
    await accident('2025-10-09 07:30', 50, 0, { severity: 'injury', vehicles: ['car', 'ebike'], off: 10 }); // Thursday, arrival, 10 m off: in
    await accident('2025-10-09 17:59', -80, 0, { vehicles: ['car', 'pedestrian'] }); // dismissal: in
    await accident('2025-10-11 07:15', 0, 0); // the worked Saturday (调休): a school day
    await accident('2025-10-09 18:00', 20, 0); // dismissal ends at 18:00: other hours
    await accident('2025-10-09 12:00', 20, 0, { severity: 'fatal' }); // midday is not a school hour by default
    await accident('2025-10-03 07:30', 20, 0, { severity: 'injury' }); // National Day holiday: other hours
    await accident('2025-10-12 07:30', 20, 0); // Sunday: other hours
    await accident('2025-10-09 07:30', 20, 0, { off: 40 }); // 40 m off the road: not in the zone
    await accident('2025-10-09 07:30', 140, 0); // 140 m along: in the zone
    await accident('2025-10-09 07:30', 160, 0); // 160 m along, 10 m past the zone's end: still within 15 m of it
    await accident('2025-10-09 07:30', 170, 0); // 20 m past its end: out

    // 1–12 October: school days 9, 10 and 11 October → 3 × 2.5 h = 7.5 h; the rest of 12 × 24 h is 280.5 h.
    const e = await exposure(db, '2025-10-01', '2025-10-12');
    expect(e).toMatchObject({ schoolDays: 3, hoursPerDay: 2.5, days: 12, schoolHours: 7.5, otherHours: 280.5 });
    const [s] = await schoolZoneStats(db, { from: '2025-10-01', to: '2025-10-12', ids: [id], weights }, e);
    expect(s.schoolHours).toEqual({
      crashes: 5, fatal: 0, injury: 1, pdo: 4, deaths: 0, injuries: 1, epdo: 5 + 4, pedestrians: 1, ebikes: 1, children: null,
      hours: 7.5, rate: expect.closeTo((5 / 7.5) * 1000, 3),
    });
    expect(s.otherHours).toMatchObject({ crashes: 4, fatal: 1, injury: 1, pdo: 2, deaths: 1, epdo: 10 + 5 + 2, hours: 280.5 });
    expect(s.otherHours.rate).toBeCloseTo((4 / 280.5) * 1000, 3);
    expect(s.rateRatio).toBeCloseTo(5 / 7.5 / (4 / 280.5), 1); // 46.75
    expect(s).toMatchObject({ id, name: '一中', guardPost: false, zoneLength: 300 });
  });

  it('counts a crash where two of the zone’s roads cross once, not once per road', async () => {
    const id = await schoolOnRoad(0, '一中');
    await w.road([[100, -500], [100, 500]], { name: '建设路' });
    await accident('2025-10-09 07:30', 100, 0);
    const e = await exposure(db, '2025-10-01', '2025-10-12');
    const [s] = await schoolZoneStats(db, { from: '2025-10-01', to: '2025-10-12', ids: [id], weights }, e);
    expect(s.schoolHours.crashes).toBe(1);
    expect(s.zoneLength).toBeCloseTo(300 + 2 * Math.sqrt(150 ** 2 - 100 ** 2), 0);
  });

  it('has no school hours in the summer holiday (after the spring term ends on 10 July)', async () => {
    const id = await schoolOnRoad(0, '一中');
    await accident('2025-07-10 07:30', 0, 0); // the term's last day, a Thursday
    await accident('2025-07-15 07:30', 0, 0); // a Tuesday in the holiday
    const e = await exposure(db, '2025-07-10', '2025-07-16');
    expect(e).toMatchObject({ schoolDays: 1, schoolHours: 2.5, otherHours: 7 * 24 - 2.5 });
    const [s] = await schoolZoneStats(db, { from: '2025-07-10', to: '2025-07-16', ids: [id], weights }, e);
    expect([s.schoolHours.crashes, s.otherHours.crashes]).toEqual([1, 1]);
    // A window of holidays only: no school hours, no rate.
    const holiday = await exposure(db, '2025-07-14', '2025-07-20');
    const [h] = await schoolZoneStats(db, { from: '2025-07-14', to: '2025-07-20', ids: [id], weights }, holiday);
    expect(h.schoolHours).toMatchObject({ crashes: 0, hours: 0, rate: null });
    expect(h.otherHours.crashes).toBe(1);
    expect(h.rateRatio).toBeNull();
  });

  it('compares zones with and without a guard post, and sums by county and township, worst first', async () => {
    const posted = await schoolOnRoad(0, '一中');
    const bare = await schoolOnRoad(2000, '二中');
    await db.query(
      `INSERT INTO guard_posts (gate_id, hours, days, police) SELECT id, '[{"label":"arrival","from":"07:00","to":"08:00"}]', '{1,2,3,4,5}', 1 FROM school_gates WHERE school_id = $1`,
      [posted],
    );
    await accident('2025-10-09 07:30', 0, 0);
    for (const x of [0, 10, 20]) await accident('2025-10-10 16:45', x, 2000, { severity: 'injury' });
    await accident('2025-10-10 20:00', 0, 2000);
    const e = await exposure(db, '2025-10-01', '2025-10-12');
    const schools = await schoolZoneStats(db, { from: '2025-10-01', to: '2025-10-12', ids: [posted, bare], weights }, e);
    expect(schools.map((s) => [s.name, s.guardPost, s.schoolHours.crashes])).toEqual([['二中', false, 3], ['一中', true, 1]]);
    const cmp = guardPostComparison(schools, weights);
    expect(cmp.with).toMatchObject({ schools: 1, crashes: 1, hours: 7.5 });
    expect(cmp.without).toMatchObject({ schools: 1, crashes: 3, hours: 7.5, epdo: 15 });
    expect(cmp.with.rate).toBeCloseTo(133.333, 3);
    expect(cmp.without.rate).toBe(400);
    expect(cmp.rateRatio).toBeCloseTo(1 / 3, 3);
    const [county] = rollup(schools, 'county', weights);
    expect(county).toMatchObject({ code: '371522', schools: 2, withoutGuardPost: 1, schoolHours: { crashes: 4, hours: 15 }, otherHours: { crashes: 1, hours: 561 } });
    expect(county.schoolHours.rate).toBeCloseTo((4 / 15) * 1000, 3);
    expect(rollup(schools, 'township', weights).reduce((n, t) => n + t.schools, 0)).toBe(2);
  });
});
