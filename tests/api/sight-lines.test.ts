import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { analyseSight, buildNetwork, gradeSight, setDesignSpeedDefaults } from '@api/intersections/analysis';

/**
 * Hand-built roads and obstacles in metres, in private copies of the tables (temporary tables
 * come first on PostgreSQL's search path), so the city's own network stays out of it. Each test
 * runs in a transaction that is rolled back: PGlite has one session for all connections, and a
 * transaction is what keeps the copies from other test files running at the same time.
 */
let db: pg.Client;
/** The local origin (metric CRS) the geometry below is drawn around: a field near 莘县. */
let x0 = 0;
let y0 = 0;
let nextRoad = 1;

// The accidents too: the grade counts the crashes at each corner, and the city's must stay out of it.
const TABLES = ['roads', 'obstacles', 'intersections', 'approaches', 'sight_triangles', 'sight_settings', 'accidents'];

beforeAll(async () => {
  db = new pg.Client(inject('db').connection);
  await db.connect();
  const o = await db.query<{ x: number; y: number }>(
    `SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint(115.6, 36.2), 4326), metric_srid()) p`,
  );
  ({ x: x0, y: y0 } = o.rows[0]);
});

afterAll(() => db?.end());

beforeEach(async () => {
  await db.query('BEGIN');
  for (const t of TABLES) await db.query(`CREATE TEMP TABLE ${t} (LIKE public.${t} INCLUDING ALL) ON COMMIT DROP`);
  await db.query('INSERT INTO sight_settings DEFAULT VALUES');
  await db.query(`CREATE TEMP TABLE design_speed_defaults (LIKE public.design_speed_defaults INCLUDING ALL) ON COMMIT DROP`);
  await db.query(`INSERT INTO design_speed_defaults SELECT * FROM public.design_speed_defaults`);
  // PostgreSQL 18 (the embedded engine, one session for the whole run) caches SQL functions'
  // plans: grade_sight() planned earlier names the public tables; planned again, it finds these.
  await db.query('DISCARD PLANS');
});

afterEach(() => db.query('ROLLBACK'));

type Xy = [number, number];

/** A road through local points (m from the origin). */
async function road(points: Xy[], opts: { cls?: string; speed?: number | null; urban?: boolean; name?: string } = {}) {
  const wkt = `LINESTRING(${points.map(([x, y]) => `${x0 + x} ${y0 + y}`).join(', ')})`;
  await db.query(
    `INSERT INTO roads (id, class, name, design_speed, urban, geom_m, geom)
     SELECT $1, $2, $3, $4, $5, g, ST_Transform(g, 4326) FROM ST_GeomFromText($6, metric_srid()) g`,
    [nextRoad++, opts.cls ?? 'urban_street', opts.name ?? `路${nextRoad}`, opts.speed === undefined ? 60 : opts.speed, opts.urban ?? true, wkt],
  );
}

/** An axis-aligned obstacle from (x1, y1) to (x2, y2), local metres. */
async function obstacle(x1: number, y1: number, x2: number, y2: number, height = 6, type = 'building') {
  const ring = [[x1, y1], [x2, y1], [x2, y2], [x1, y2], [x1, y1]].map(([x, y]) => `${x0 + x} ${y0 + y}`).join(', ');
  await db.query(
    `INSERT INTO obstacles (type, height, source, geom_m, geom)
     SELECT $1, $2, 'test', g, ST_Transform(g, 4326) FROM ST_GeomFromText($3, metric_srid()) g`,
    [type, height, `POLYGON((${ring}))`],
  );
}

let nextCrash = 1;

/** A crash at local (x, y) m on a day (local), as the grade reads it: severity, and geom_m (no trigger on the copy). */
async function crash(x: number, y: number, day: string, severity: 'fatal' | 'injury' | 'pdo' = 'injury') {
  await db.query(
    `INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, light, geom_m, geom)
     SELECT $1, ($2 || ' 12:00:00+08')::timestamptz, $3, $4, $5, 'day', g, ST_Transform(g, 4326) FROM ST_SetSRID(ST_MakePoint($6, $7), metric_srid()) g`,
    [`SG-${nextCrash++}`, day, severity, severity === 'fatal' ? 1 : 0, severity === 'injury' ? 1 : 0, x0 + x, y0 + y],
  );
}

interface Triangle {
  bearing_a: number;
  bearing_b: number;
  required_a: number;
  required_b: number;
  available_a: number;
  available_b: number;
  obstructed_share: number;
}

async function analyse() {
  const built = await buildNetwork(db);
  const summary = await analyseSight(db);
  const intersections = (await db.query(`SELECT * FROM intersections ORDER BY id`)).rows;
  const triangles = (
    await db.query<Triangle>(
      `SELECT a.bearing::float8 AS bearing_a, b.bearing::float8 AS bearing_b, t.required_a::float8, t.required_b::float8,
              t.available_a::float8, t.available_b::float8, t.obstructed_share::float8
       FROM sight_triangles t
       JOIN approaches a ON a.intersection_id = t.intersection_id AND a.leg = t.leg_a
       JOIN approaches b ON b.intersection_id = t.intersection_id AND b.leg = t.leg_b
       ORDER BY a.bearing`,
    )
  ).rows;
  return { built, summary, intersections, triangles };
}

/**
 * By hand: where the sight line from the driver waiting on leg A (at distance rA along bearing a)
 * through the point v meets leg B (bearing b): the distance along B, from the conflict point.
 */
function hiddenFrom(a: number, rA: number, b: number, v: Xy): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const driver: Xy = [rA * Math.sin(rad(a)), rA * Math.cos(rad(a))];
  const u: Xy = [Math.sin(rad(b)), Math.cos(rad(b))];
  // driver + s·(v − driver) = t·u, solved for t (2×2 by Cramer).
  const d: Xy = [v[0] - driver[0], v[1] - driver[1]];
  const det = d[0] * -u[1] - d[1] * -u[0];
  return (d[0] * -driver[1] - d[1] * -driver[0]) / det;
}

describe('sight triangles at a four-way crossing', () => {
  it('flags exactly the corner with a building, with the distance still seen computed by hand', async () => {
    await road([[-300, 0], [300, 0]]);
    await road([[0, -300], [0, 300]]);
    await obstacle(10, 10, 30, 30); // north-east corner, 6 m high
    const { built, summary, intersections, triangles } = await analyse();
    expect(built).toBe(1);
    expect(intersections[0]).toMatchObject({ kind: 'four', legs: 4 });
    expect(triangles.map((t) => [t.bearing_a, t.bearing_b])).toEqual([[0, 90], [90, 180], [180, 270], [270, 0]]);
    // Urban 60 km/h: 70 m each way (CJJ 37).
    expect(triangles.every((t) => t.required_a === 70 && t.required_b === 70)).toBe(true);
    const [ne, ...others] = triangles;
    expect(others.every((t) => t.obstructed_share === 0 && t.available_a === 70 && t.available_b === 70)).toBe(true);
    // The driver 70 m north sees the east leg up to where the line past the building's corner (10, 10) meets it:
    // 10 · 70 / (70 − 10) = 11.7 m; the same from the east by symmetry.
    expect(hiddenFrom(0, 70, 90, [10, 10])).toBeCloseTo(11.667, 3);
    expect(ne.available_b).toBeCloseTo(11.7, 1);
    expect(ne.available_a).toBeCloseTo(11.7, 1);
    expect(ne.obstructed_share).toBeCloseTo(400 / 2450, 3);
    expect(summary).toEqual({ intersections: 1, deficient: 1 });
    // 58.3 of 70 m missing (3 points), 60 km/h traffic hidden (2), no crash (0): 5, moderate (tests below: the grade).
    expect(intersections[0]).toMatchObject({ deficient: true, severity: 'moderate', score: 5, hidden_speed: 60, crashes: 0 });
    expect(Number(intersections[0].worst_shortfall)).toBeCloseTo(58.3, 1);
  });

  it('does not count an obstacle lower than the driver’s eye (1.2 m), and counts a taller hedge', async () => {
    await road([[-300, 0], [300, 0]]);
    await road([[0, -300], [0, 300]]);
    await obstacle(-30, 10, -10, 30, 1.0, 'vegetation');
    let { intersections } = await analyse();
    expect(intersections[0]).toMatchObject({ deficient: false, severity: null });
    await db.query(`UPDATE obstacles SET height = 1.5`);
    ({ intersections } = await analyse());
    expect(intersections[0]).toMatchObject({ deficient: true });
  });

  it('lets a trimmed hedge (绿植修剪) clear the corner: the obstacle edit re-analyses that area only', async () => {
    await road([[-300, 0], [300, 0]]);
    await road([[0, -300], [0, 300]]);
    await road([[2000, -300], [2000, 300]], { name: '远处路' });
    await road([[1700, 0], [2300, 0]], { name: '远处街' });
    await obstacle(5, -40, 40, -5, 2.5, 'vegetation');
    await obstacle(2005, 5, 2040, 40, 2.5, 'vegetation');
    await analyse();
    await db.query(`UPDATE obstacles SET height = 0.7 WHERE ST_X(ST_Centroid(geom_m)) < $1`, [x0 + 1000]);
    const area = (await db.query(`SELECT ST_AsGeoJSON(ST_Buffer(geom, 0.0001))::json AS g FROM obstacles WHERE height = 0.7`)).rows[0].g;
    expect(await analyseSight(db, area)).toEqual({ intersections: 1, deficient: 0 });
    const rows = (await db.query(`SELECT deficient FROM intersections ORDER BY id`)).rows.map((r) => r.deficient);
    expect(rows).toEqual([false, true]); // the far crossing's hedge is untouched
  });
});

describe('other shapes', () => {
  it('finds a T-junction’s two corners and no triangle across the through road', async () => {
    await road([[-300, 0], [300, 0]], { name: '主路' });
    await road([[0, 0], [0, -300]], { name: '支路' });
    await obstacle(-30, 5, -5, 30); // north of the through road: no conflict corner there
    let { intersections, triangles } = await analyse();
    expect(intersections[0]).toMatchObject({ kind: 'three', legs: 3, deficient: false });
    expect(triangles.map((t) => [t.bearing_a, t.bearing_b])).toEqual([[90, 180], [180, 270]]);
    await obstacle(-30, -30, -8, -8); // south-west corner
    ({ intersections, triangles } = await analyse());
    expect(intersections[0].deficient).toBe(true);
    const sw = triangles.find((t) => t.bearing_a === 180)!;
    // From the driver 70 m down the stem, the line past (−8, −8) meets the west leg at 8·70/62 = 9.0 m.
    expect(sw.available_b).toBeCloseTo(hiddenFrom(180, 70, 270, [-8, -8]), 1);
    expect(sw.available_b).toBeCloseTo(9.0, 1);
  });

  it('measures a skewed crossing in its own angles', async () => {
    await road([[0, -300], [0, 300]]);
    const s = Math.sin(Math.PI / 3);
    const c = Math.cos(Math.PI / 3);
    await road([[-300 * s, -300 * c], [300 * s, 300 * c]]); // bearing 60° / 240°
    await obstacle(6, 20, 10, 24); // inside the 0°–60° corner
    const { triangles } = await analyse();
    expect(triangles.map((t) => [t.bearing_a, t.bearing_b])).toEqual([[0, 60], [60, 180], [180, 240], [240, 0]]);
    const corner = triangles[0];
    // Every vertex of the block projected by hand; the nearest hidden point on each leg counts.
    const vertices: Xy[] = [[6, 20], [10, 20], [10, 24], [6, 24]];
    const onB = Math.min(...vertices.map((v) => hiddenFrom(0, 70, 60, v)));
    const onA = Math.min(...vertices.map((v) => hiddenFrom(60, 70, 0, v)));
    expect(corner.available_b).toBeCloseTo(onB, 1);
    expect(corner.available_a).toBeCloseTo(onA, 1);
    expect(triangles.slice(1).every((t) => t.obstructed_share === 0)).toBe(true);
  });

  it('makes a corner where two different roads meet at an angle, not where one road bends', async () => {
    await road([[-300, 0], [0, 0]], { name: '东西路' });
    await road([[0, 0], [0, 300]], { name: '南北路' });
    await road([[1000, 0], [1300, 0]], { name: '弯路' });
    await road([[1300, 0], [1300, 300]], { name: '弯路' });
    const { intersections, triangles } = await analyse();
    expect(intersections).toHaveLength(1);
    expect(intersections[0]).toMatchObject({ kind: 'corner', legs: 2 });
    expect(triangles.map((t) => [t.bearing_a, t.bearing_b])).toEqual([[270, 0]]);
  });
});

describe('what is not an intersection', () => {
  it('leaves out an expressway crossing a road: it passes over on a bridge', async () => {
    await road([[-300, 0], [300, 0]], { cls: 'expressway', speed: 120, urban: false, name: 'G3 京台高速' });
    await road([[0, -300], [0, 300]], { cls: 'county', speed: 60, urban: false });
    const { built } = await analyse();
    expect(built).toBe(0);
  });
});

describe('required distances', () => {
  it('rounds a design speed between table values up, per standard', async () => {
    const ssd = async (standard: string, speed: number) =>
      Number((await db.query(`SELECT required_sight_distance('ssd', $1, $2, 7.5) AS d`, [standard, speed])).rows[0].d);
    expect(await ssd('urban', 45)).toBe(60); // → 50 km/h
    expect(await ssd('urban', 50)).toBe(60);
    expect(await ssd('highway', 50)).toBe(75); // no 50 row in JTG D20 → 60 km/h
    expect(await ssd('highway', 70)).toBe(110); // → 80 km/h
    expect(await ssd('highway', 130)).toBe(210); // above the table: its top row
    expect(await ssd('urban', 15)).toBe(20);
  });

  it('uses the class default when a road has no design speed, and the highway table off urban streets', async () => {
    await road([[-300, 0], [300, 0]], { cls: 'county', speed: null, urban: false });
    await road([[0, -300], [0, 300]], { cls: 'village', speed: 35, urban: false });
    const { triangles } = await analyse();
    const ew = triangles.find((t) => t.bearing_a === 90)!; // east (county, 60 → 75 m) then south (village, 35 → 40 m)
    expect([ew.required_a, ew.required_b]).toEqual([75, 40]);
  });

  it('gives roads without their own speed a changed class default at once; roads with one keep it', async () => {
    await road([[-300, 0], [300, 0]], { cls: 'county', speed: null, urban: false });
    await road([[0, -300], [0, 300]], { cls: 'village', speed: 35, urban: false });
    await analyse();
    await setDesignSpeedDefaults(db, { county: 80, village: 20 });
    await analyseSight(db);
    const speeds = (await db.query(`SELECT road_class, design_speed FROM approaches ORDER BY leg`)).rows;
    expect(new Set(speeds.map((r) => `${r.road_class} ${r.design_speed}`))).toEqual(new Set(['county 80', 'village 35']));
    const t = (await db.query(`SELECT required_a::float8 AS a, required_b::float8 AS b FROM sight_triangles t JOIN approaches x
                               ON x.intersection_id = t.intersection_id AND x.leg = t.leg_a WHERE x.bearing = 90`)).rows[0];
    expect([t.a, t.b]).toEqual([110, 40]); // county 80 km/h → 110 m; the village road's own 35 → 40 m
  });

  it('computes AASHTO case B intersection sight distance (0.278 · V · t_g) when chosen', async () => {
    await road([[-300, 0], [300, 0]]);
    await road([[0, -300], [0, 300]]);
    await db.query(`UPDATE sight_settings SET method = 'isd', gap_seconds = 7.5`);
    const { triangles, intersections } = await analyse();
    expect(triangles[0].required_a).toBeCloseTo(0.278 * 60 * 7.5, 1); // 125.1 m
    expect(intersections[0].method).toBe('isd');
  });
});

/**
 * The grade (docs/API.md, "How a corner is graded") recomputed by hand from the raw rows: the
 * worst leg's shortfall share, the fastest approach a neighbouring driver cannot see far enough
 * along, and the crashes within 50 m in the 3 years up to the newest accident on record.
 */
async function gradeByHand(id: number) {
  const i = (await db.query(`SELECT ST_X(geom_m) AS x, ST_Y(geom_m) AS y FROM intersections WHERE id = $1`, [id])).rows[0];
  const legs = (
    await db.query<{ leg: number; required: number; available: number }>(
      `SELECT leg_a AS leg, required_a::float8 AS required, available_a::float8 AS available FROM sight_triangles WHERE intersection_id = $1
       UNION ALL SELECT leg_b, required_b::float8, available_b::float8 FROM sight_triangles WHERE intersection_id = $1`,
      [id],
    )
  ).rows;
  const speeds = new Map((await db.query<{ leg: number; design_speed: number }>(`SELECT leg, design_speed FROM approaches WHERE intersection_id = $1`, [id])).rows.map((a) => [a.leg, a.design_speed]));
  const crashes = (await db.query<{ x: number; y: number; at: Date; severity: string }>(`SELECT ST_X(geom_m) AS x, ST_Y(geom_m) AS y, occurred_at AS at, severity FROM accidents`)).rows;
  const worst = legs.reduce((w, l) => (l.required - l.available > w.required - w.available ? l : w));
  const share = (worst.required - worst.available) / worst.required;
  const hidden = Math.max(0, ...legs.filter((l) => l.available < l.required).map((l) => speeds.get(l.leg)!));
  const newest = Math.max(...crashes.map((c) => c.at.getTime()));
  const from = new Date(newest);
  from.setUTCFullYear(from.getUTCFullYear() - 3);
  const near = crashes.filter((c) => Math.hypot(c.x - i.x, c.y - i.y) <= 50 && c.at.getTime() > from.getTime());
  const casualty = near.filter((c) => c.severity !== 'pdo').length;
  const step = (value: number, steps: number[]) => steps.filter((s) => value >= s).length;
  const points = {
    share: step(share, [0.25, 0.5, 0.75]),
    speed: step(hidden, [40, 60, 80]),
    crashes: Math.min(near.length, 3) + (casualty > 0 ? 1 : 0),
  };
  const score = points.share + points.speed + points.crashes;
  return { points, score, crashes: near.length, casualty, hidden, severity: score >= 7 ? 'severe' : score >= 4 ? 'moderate' : 'minor' };
}

async function stored(id: number) {
  return (await db.query(`SELECT severity, score, hidden_speed, crashes, casualty_crashes FROM intersections WHERE id = $1`, [id])).rows[0];
}

describe('grading a deficient corner', () => {
  it('adds the crashes within 50 m in the last 3 years of data: two near, one too far, one too old', async () => {
    await road([[-300, 0], [300, 0]]);
    await road([[0, -300], [0, 300]]);
    await obstacle(10, 10, 30, 30); // as above: 83 % missing, 60 km/h
    await crash(1000, 1000, '2025-06-30', 'pdo'); // far away: only the newest day on record, the window's end
    await crash(20, -5, '2025-03-01', 'injury'); // 20.6 m
    await crash(-30, 30, '2022-07-01', 'pdo'); // 42.4 m, inside the 3 years (after 2022-06-30)
    await crash(40, 40, '2024-01-01', 'fatal'); // 56.6 m: beyond 50 m
    await crash(5, 5, '2022-06-30', 'injury'); // 7 m, but on the window's first edge: not after 2022-06-30 12:00
    const { intersections } = await analyse();
    const id = intersections[0].id;
    const hand = await gradeByHand(id);
    // 3 (share) + 2 (60 km/h) + 2 crashes (2) + one injured someone (1) = 8 ≥ 7: severe.
    expect(hand).toMatchObject({ points: { share: 3, speed: 2, crashes: 3 }, score: 8, crashes: 2, casualty: 1, hidden: 60, severity: 'severe' });
    expect(await stored(id)).toEqual({ severity: hand.severity, score: hand.score, hidden_speed: 60, crashes: 2, casualty_crashes: 1 });
  });

  it('keeps a slow village corner minor however blind, until crashes happen there (re-graded without re-measuring)', async () => {
    await road([[-300, 0], [300, 0]], { cls: 'village', speed: 30, urban: false });
    await road([[0, -300], [0, 300]], { cls: 'village', speed: 30, urban: false });
    await obstacle(3, 3, 20, 20); // 30 m required (JTG D20, 30 km/h), 3·30/27 = 3.3 m seen: 89 % missing
    await crash(2000, 2000, '2025-06-30', 'pdo');
    const { intersections } = await analyse();
    const id = intersections[0].id;
    expect(await gradeByHand(id)).toMatchObject({ points: { share: 3, speed: 0, crashes: 0 }, severity: 'minor' });
    expect(await stored(id)).toMatchObject({ severity: 'minor', score: 3, hidden_speed: 30, crashes: 0 });

    await crash(10, -10, '2024-05-01', 'injury');
    await crash(-10, 10, '2024-08-01', 'pdo');
    await crash(0, 12, '2025-01-01', 'pdo');
    await gradeSight(db);
    const hand = await gradeByHand(id);
    expect(hand).toMatchObject({ points: { share: 3, speed: 0, crashes: 4 }, score: 7, severity: 'severe' });
    expect(await stored(id)).toMatchObject({ severity: 'severe', score: 7, crashes: 3, casualty_crashes: 1 });
  });

  it('scores the speed of the fastest traffic that cannot be seen: a national road’s 80 km/h behind a wall', async () => {
    await road([[-400, 0], [400, 0]], { cls: 'national', speed: 80, urban: false, name: 'G309' });
    await road([[0, -300], [0, 300]], { cls: 'village', speed: 30, urban: false, name: '村道' });
    await obstacle(4, -4, 25, -25, 2.5, 'wall'); // the south-east corner: east leg 110 m, south leg 30 m
    await crash(3000, 0, '2025-06-30', 'pdo');
    const { intersections } = await analyse();
    const id = intersections[0].id;
    const hand = await gradeByHand(id);
    expect(hand.hidden).toBe(80);
    expect(hand.points.speed).toBe(3);
    expect(await stored(id)).toMatchObject({ severity: hand.severity, score: hand.score, hidden_speed: 80, crashes: 0 });
  });

  it('leaves sound corners ungraded', async () => {
    await road([[-300, 0], [300, 0]]);
    await road([[0, -300], [0, 300]]);
    await crash(5, 5, '2025-06-30', 'fatal');
    const { intersections } = await analyse();
    expect(await stored(intersections[0].id)).toEqual({ severity: null, score: null, hidden_speed: null, crashes: null, casualty_crashes: null });
  });
});
