import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCsv } from '@data/generator/csv';
import { planSchools } from '@data/generator/schools';
import { TEST_SEED } from '../support/global-db';

/**
 * The synthetic schools the test database got on its first start (tests/support/global-db.ts), as a
 * demo does. Other test files enter schools of their own meanwhile (not synthetic): left out here.
 */
let db: pg.Client;
const plans = planSchools(TEST_SEED);
const names = parseCsv(fs.readFileSync(new URL('../../data/base/school-names-371500.csv', import.meta.url), 'utf8'));

beforeAll(async () => {
  db = new pg.Client(inject('db').connection);
  await db.connect();
});
afterAll(() => db?.end());

const one = async <T>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0] as T;

describe('the seeded schools', () => {
  it('are the 220 junior middle schools of the list, synthetic, each in the county its name gives', async () => {
    expect(names).toHaveLength(220);
    const rows = (await db.query<{ name: string; county_code: string; kind: string; synthetic: boolean }>(`SELECT name, county_code, kind, synthetic FROM schools WHERE synthetic ORDER BY id`)).rows;
    expect(rows).toHaveLength(220);
    expect(rows.map((r) => r.name)).toEqual(names.map((n) => n.school_name));
    expect(rows.every((r) => r.synthetic && r.kind === 'junior_middle')).toBe(true);
    expect(rows.map((r) => r.county_code)).toEqual(names.map((n) => n.county_adcode));
  });

  it('lie in the township PostGIS finds for their point, most in the one the list guessed', async () => {
    const r = await one<{ wrong: number; guessed: number; matched: number }>(
      `SELECT count(*) FILTER (WHERE s.township_code IS DISTINCT FROM
                (SELECT t.code FROM jurisdictions t WHERE t.level = 'township' AND t.parent_code = s.county_code
                 AND ST_Intersects(t.geom, s.geom) ORDER BY t.code LIMIT 1))::int AS wrong,
              count(*) FILTER (WHERE g.guess <> '')::int AS guessed,
              count(*) FILTER (WHERE g.guess = s.township_code)::int AS matched
       FROM schools s JOIN unnest($1::text[], $2::text[]) AS g(name, guess) ON g.name = s.name AND s.synthetic`,
      [names.map((n) => n.school_name), names.map((n) => n.township_code_guess)],
    );
    expect(r.wrong).toBe(0);
    expect(r.guessed).toBe(121);
    // Jittered a few hundred metres from the town point: a few cross into the next township's cell.
    expect(r.matched).toBeGreaterThan(100);
  });

  it('each have one or two gates, on the nearest road that is not an expressway (the 正门)', async () => {
    const r = await one<{ schools: number; without: number; two: number; off_road: number; expressway: number; not_nearest: number; planned_two: number }>(
      `SELECT (SELECT count(*)::int FROM schools WHERE synthetic) AS schools,
              (SELECT count(*)::int FROM schools s WHERE s.synthetic AND NOT EXISTS (SELECT 1 FROM school_gates g WHERE g.school_id = s.id)) AS without,
              (SELECT count(*)::int FROM (SELECT school_id FROM school_gates WHERE synthetic GROUP BY school_id HAVING count(*) = 2) x) AS two,
              (SELECT count(*)::int FROM school_gates g JOIN roads r ON r.id = g.road_id WHERE g.synthetic AND NOT ST_DWithin(g.geom_m, r.geom_m, 0.01)) AS off_road,
              (SELECT count(*)::int FROM school_gates g JOIN roads r ON r.id = g.road_id WHERE g.synthetic AND r.class = 'expressway') AS expressway,
              (SELECT count(*)::int FROM school_gates g JOIN schools s ON s.id = g.school_id
               WHERE g.synthetic AND g.name = '正门' AND ST_Distance(g.geom_m, s.geom_m) >
                     (SELECT min(ST_Distance(r.geom_m, s.geom_m)) FROM roads r WHERE r.class <> 'expressway') + 0.01) AS not_nearest`,
    );
    expect(r).toMatchObject({ schools: 220, without: 0, off_road: 0, expressway: 0, not_nearest: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM school_gates g JOIN schools s ON s.id = g.school_id WHERE s.synthetic AND (g.road_id IS NULL OR NOT g.synthetic)`)).toEqual({ n: 0 });
    // A 侧门 only where another road is in reach.
    const planned = plans.filter((p) => p.gates === 2).length;
    expect(r.two).toBeGreaterThan(planned * 0.6);
    expect(r.two).toBeLessThanOrEqual(planned);
  });

  it('have guard posts and audits where the plan puts them, some audits with failed items', async () => {
    const r = await one<{ posted: number; audited: number; failing: number; complete: number }>(
      `SELECT (SELECT count(DISTINCT g.school_id)::int FROM guard_posts p JOIN school_gates g ON g.id = p.gate_id WHERE p.synthetic) AS posted,
              (SELECT count(*)::int FROM school_audits WHERE synthetic) AS audited,
              (SELECT count(*)::int FROM school_audits a WHERE a.synthetic AND EXISTS (SELECT 1 FROM jsonb_array_elements(a.items) i WHERE i->>'result' = 'fail')) AS failing,
              (SELECT count(*)::int FROM school_audits a WHERE a.synthetic AND jsonb_array_length(a.items) = 8) AS complete`,
    );
    const posted = plans.filter((p) => p.guardPost).length;
    const audited = plans.filter((p) => p.audit).length;
    expect(posted / 220).toBeGreaterThan(0.6);
    expect(posted / 220).toBeLessThan(0.8);
    expect(audited / 220).toBeGreaterThan(0.3);
    expect(audited / 220).toBeLessThan(0.5);
    expect(r).toMatchObject({ posted, audited, complete: audited });
    expect(r.failing).toBeGreaterThan(audited / 2);
    // Signed by the county's demo officer (the accounts existed when the schools were seeded).
    // Other test files write audits of their own meanwhile: the seeded ones are the synthetic ones.
    expect(await one(`SELECT count(*)::int AS n FROM school_audits a JOIN schools s ON s.id = a.school_id JOIN users u ON u.id = a.done_by WHERE a.synthetic AND u.scope_code = s.county_code`)).toEqual({ n: audited });
  });

  it('each have a zone: the roads within 150 m of their gates', async () => {
    const r = await one<{ n: number; shortest: number }>(`SELECT count(*)::int AS n, min(length_m)::float8 AS shortest FROM school_zones() z JOIN schools s ON s.id = z.school_id WHERE s.synthetic`);
    expect(r.n).toBe(220);
    // At least the road the 正门 is on, both ways from it (less only at a dead end).
    expect(r.shortest).toBeGreaterThan(140);
  });
});
