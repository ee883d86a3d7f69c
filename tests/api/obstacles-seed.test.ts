import pg from 'pg';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { analyseSight, buildNetwork, type SightSummary } from '@api/intersections/analysis';
import { seedSyntheticObstacles } from '@api/seed/obstacles';
import { TEST_SEED } from '../support/global-db';

/**
 * The synthetic obstacles on the test world's own network, built in private copies of the
 * sight-line tables (temporary tables come first on the search path) inside one transaction
 * that is rolled back once everything below is read: PGlite has one session for all
 * connections, and the transaction keeps the copies from the other test files meanwhile.
 */
const TABLES = ['obstacles', 'intersections', 'approaches', 'sight_triangles', 'sight_settings'];

interface Seeded {
  stored: number;
  summary: SightSummary;
  labelled: { n: number; labelled: number };
  bad: { bad: number };
  kinds: { type: string; note: string; lo: number; hi: number; dated: boolean }[];
  cornOutOfSummer: { n: number };
  nearRoads: { n: number };
  bySeverity: Record<string, number>;
  trimmedCutting: { n: number };
}
let seeded: Seeded;

beforeAll(async () => {
  const db = new pg.Client(inject('db').connection);
  await db.connect();
  const one = async <T>(sql: string) => (await db.query(sql)).rows[0] as T;
  try {
    await db.query('BEGIN');
    for (const t of TABLES) await db.query(`CREATE TEMP TABLE ${t} (LIKE public.${t} INCLUDING ALL) ON COMMIT DROP`);
    await db.query('INSERT INTO sight_settings DEFAULT VALUES');
    // PostgreSQL 18 (the embedded engine, one session for the whole run) caches SQL functions'
    // plans: one planned earlier names the public tables; planned again, it finds these.
    await db.query('DISCARD PLANS');
    await buildNetwork(db);
    const stored = await seedSyntheticObstacles(db, TEST_SEED);
    const summary = await analyseSight(db);
    seeded = {
      stored,
      summary,
      labelled: await one(`SELECT count(*)::int AS n, count(*) FILTER (WHERE synthetic AND source = 'synthetic')::int AS labelled FROM obstacles`),
      bad: await one(`SELECT count(*) FILTER (WHERE NOT ST_IsValid(geom) OR NOT ST_IsValid(geom_m) OR ST_Area(geom_m) < 0.5)::int AS bad FROM obstacles`),
      kinds: (
        await db.query(
          `SELECT type, note, min(height)::float8 AS lo, max(height)::float8 AS hi, bool_and(observed_on IS NOT NULL) AS dated
           FROM obstacles GROUP BY type, note ORDER BY type, note`,
        )
      ).rows,
      cornOutOfSummer: await one(`SELECT count(*) FILTER (WHERE extract(month FROM observed_on) NOT IN (7, 8))::int AS n FROM obstacles WHERE note = '玉米（夏季）'`),
      nearRoads: await one(`SELECT count(*)::int AS n FROM obstacles o JOIN roads r ON ST_DWithin(r.geom_m, ST_Transform(o.geom, metric_srid()), 3)`),
      bySeverity: Object.fromEntries(
        (await db.query(`SELECT severity, count(*)::int AS n FROM intersections WHERE deficient GROUP BY severity`)).rows.map((r) => [r.severity, r.n]),
      ),
      trimmedCutting: await one(`SELECT count(*)::int AS n FROM sight_triangles t JOIN obstacles o ON o.id = ANY (t.obstacle_ids) WHERE o.note LIKE '%已修剪%'`),
    };
  } finally {
    await db.query('ROLLBACK');
    await db.end();
  }
});

describe('the seeded synthetic obstacles', () => {
  it('number in the low thousands, every one labelled synthetic', () => {
    expect(seeded.stored).toBeGreaterThan(1000);
    expect(seeded.stored).toBeLessThan(6000);
    expect(seeded.labelled).toEqual({ n: seeded.stored, labelled: seeded.stored });
  });

  it('are valid polygons, with heights of their kind and a date observed', () => {
    expect(seeded.bad).toEqual({ bad: 0 });
    const kinds = seeded.kinds;
    expect(new Set(kinds.map((k) => k.type))).toEqual(new Set(['building', 'wall', 'vegetation', 'stall', 'parked_vehicles']));
    const range = (type: string, note: string): [number, number] =>
      type === 'building' || type === 'wall' ? [2.5, 7]
        : type === 'stall' ? [2, 2.5]
          : type === 'parked_vehicles' ? [1.5, 3.8]
            : note.includes('玉米') ? [2.2, 2.8]
              : note.includes('已修剪') ? [0.8, 1.1] : [3, 10];
    for (const k of kinds) {
      const [lo, hi] = range(k.type, k.note);
      expect(k.lo, k.note).toBeGreaterThanOrEqual(lo);
      expect(k.hi, k.note).toBeLessThanOrEqual(hi);
      expect(k.dated).toBe(true);
    }
    expect(seeded.cornOutOfSummer).toEqual({ n: 0 });
  });

  it('stay off every road: none within 3 m of a centreline', () => {
    expect(seeded.nearRoads).toEqual({ n: 0 });
  });

  it('leave 15–30 % of the intersections deficient, with severe and minor cases', () => {
    const share = seeded.summary.deficient / seeded.summary.intersections;
    expect(share).toBeGreaterThanOrEqual(0.15);
    expect(share).toBeLessThanOrEqual(0.3);
    expect(seeded.bySeverity.severe).toBeGreaterThan(0);
    expect(seeded.bySeverity.moderate).toBeGreaterThan(0);
    expect(seeded.bySeverity.minor).toBeGreaterThan(0);
    // A trimmed belt (under the 1.2 m eye) never counts.
    expect(seeded.trimmedCutting).toEqual({ n: 0 });
  });
});
