import { planSchools, type SchoolPlan } from '@data/generator/schools';
import type pg from 'pg';
import { UNLIMITED, withTransaction } from '../db/transaction';
import type { SeedProgress } from './seed-world';

/** A 侧门 goes on another road within this reach of the school, and at least this far from the 正门. */
const SIDE_GATE_REACH_M = 400;
const SIDE_GATE_APART_M = 60;

/**
 * First start (or a database from before schools): the demo's schools (data/generator/schools.ts)
 * with their gates, guard posts and audits, all synthetic, in one transaction — only when no
 * school exists and the roads are the generated ones (gates on an imported network would be
 * placed on roads the generator never saw). Returns how many schools were stored.
 */
export async function ensureSchools(pool: pg.Pool, seed: number, onProgress: (p: SeedProgress) => void = () => undefined): Promise<number> {
  if ((await pool.query(`SELECT 1 FROM schools LIMIT 1`)).rowCount) return 0;
  const stored = await withTransaction(pool, async (client) => {
    // Two servers starting on one fresh database: the second waits here, then finds the work done.
    await client.query('LOCK TABLE schools IN EXCLUSIVE MODE');
    const ok = await client.query<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM roads WHERE synthetic) AND NOT EXISTS (SELECT 1 FROM schools) AS ok`,
    );
    if (!ok.rows[0].ok) return 0;
    // The world's own seed (env.SEED may have changed since the world was made).
    const stored = (await client.query<{ value: string }>(`SELECT value FROM app_settings WHERE key = 'seed'`)).rows[0];
    return insertSyntheticSchools(client, planSchools(stored ? Number(stored.value) : seed));
  }, UNLIMITED);
  if (stored) {
    onProgress({ step: `schools (synthetic positions): ${stored}` });
    await pool.query('ANALYZE schools, school_gates, guard_posts, school_audits');
  }
  return stored;
}

/** The planned schools with gates placed by PostGIS, in the caller's transaction; how many were stored. */
export async function insertSyntheticSchools(client: pg.ClientBase, plans: SchoolPlan[]): Promise<number> {
  const ids = (
    await client.query<{ id: number }>(
      `INSERT INTO schools (name, kind, source, synthetic, geom)
       SELECT t.name, 'junior_middle', 'school-names-371500.csv (name); position synthetic', true, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)
       FROM unnest($1::text[], $2::float8[], $3::float8[]) WITH ORDINALITY AS t(name, lon, lat, k)
       ORDER BY t.k RETURNING id`,
      [plans.map((p) => p.name), plans.map((p) => p.point[0]), plans.map((p) => p.point[1])],
    )
  )
    // Identities are drawn in the SELECT's order: ascending ids are the plans' order.
    .rows.map((r) => r.id)
    .sort((a, b) => a - b);
  await placeGates(client, ids, plans);
  await insertGuardPosts(client, ids, plans);
  await insertAudits(client, ids, plans);
  return ids.length;
}

/**
 * 正门 at the closest point of the nearest road that is not an expressway; 侧门 (for those planned
 * with two) at the closest point of the nearest other road (another class, number or name) within
 * reach and clear of the 正门.
 */
async function placeGates(client: pg.ClientBase, ids: number[], plans: SchoolPlan[]) {
  await client.query(
    `INSERT INTO school_gates (school_id, name, road_id, geom, synthetic)
     SELECT s.id, '正门', r.id, ST_Transform(ST_ClosestPoint(r.geom_m, s.geom_m), 4326), true
     FROM schools s
     CROSS JOIN LATERAL (SELECT rd.id, rd.geom_m FROM roads rd WHERE rd.class <> 'expressway'
                         ORDER BY rd.geom_m <-> s.geom_m, rd.id LIMIT 1) r
     WHERE s.id = ANY ($1)
     ORDER BY s.id`,
    [ids],
  );
  const two = ids.filter((_, i) => plans[i].gates === 2);
  await client.query(
    `INSERT INTO school_gates (school_id, name, road_id, geom, synthetic)
     SELECT s.id, '侧门', r.id, ST_Transform(r.p, 4326), true
     FROM schools s
     JOIN school_gates g ON g.school_id = s.id
     JOIN roads gr ON gr.id = g.road_id
     CROSS JOIN LATERAL (
       SELECT rd.id, ST_ClosestPoint(rd.geom_m, s.geom_m) AS p FROM roads rd
       WHERE rd.class <> 'expressway' AND ST_DWithin(rd.geom_m, s.geom_m, $2)
         AND road_route_key(rd.class, rd.ref, rd.name, rd.id) <> road_route_key(gr.class, gr.ref, gr.name, gr.id)
         AND NOT ST_DWithin(ST_ClosestPoint(rd.geom_m, s.geom_m), g.geom_m, $3)
       ORDER BY ST_Distance(rd.geom_m, s.geom_m), rd.id LIMIT 1) r
     WHERE s.id = ANY ($1)
     ORDER BY s.id`,
    [two, SIDE_GATE_REACH_M, SIDE_GATE_APART_M],
  );
}

async function insertGuardPosts(client: pg.ClientBase, ids: number[], plans: SchoolPlan[]) {
  const posts = plans.flatMap((p, i) => (p.guardPost ? [{ school: ids[i], ...p.guardPost }] : []));
  await client.query(
    `INSERT INTO guard_posts (gate_id, hours, days, police, auxiliary, teachers, parents, synthetic)
     SELECT (SELECT min(g.id) FROM school_gates g WHERE g.school_id = t.school), t.hours::jsonb,
            ARRAY(SELECT jsonb_array_elements_text(t.days::jsonb)::smallint), t.police, t.auxiliary, t.teachers, t.parents, true
     FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[]) WITH ORDINALITY
       AS t(school, hours, days, police, auxiliary, teachers, parents, k)
     ORDER BY t.k`,
    [
      posts.map((p) => p.school),
      posts.map((p) => JSON.stringify(p.hours)),
      posts.map((p) => JSON.stringify(p.days)),
      posts.map((p) => p.police),
      posts.map((p) => p.auxiliary),
      posts.map((p) => p.teachers),
      posts.map((p) => p.parents),
    ],
  );
}

/**
 * Audits dated back from the newest accident's day (the ledger's clock), signed by the county's
 * demo officer when the demo accounts exist (else by no one: synthetic).
 */
async function insertAudits(client: pg.ClientBase, ids: number[], plans: SchoolPlan[]) {
  const audits = plans.flatMap((p, i) => (p.audit ? [{ school: ids[i], ...p.audit }] : []));
  await client.query(
    `WITH clock AS (SELECT coalesce((max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date, DATE '2026-10-31') AS last FROM accidents)
     INSERT INTO school_audits (school_id, done_on, done_by, items, synthetic)
     SELECT t.school, clock.last - t.days_before,
            (SELECT u.id FROM users u JOIN jurisdictions c ON c.code = u.scope_code
             WHERE u.demo AND u.role = 'officer' AND c.code = s.county_code ORDER BY u.id LIMIT 1),
            t.items::jsonb, true
     FROM unnest($1::int[], $2::int[], $3::text[]) WITH ORDINALITY AS t(school, days_before, items, k)
     JOIN schools s ON s.id = t.school, clock
     ORDER BY t.k`,
    [audits.map((a) => a.school), audits.map((a) => a.daysBefore), audits.map((a) => JSON.stringify(a.items))],
  );
}
