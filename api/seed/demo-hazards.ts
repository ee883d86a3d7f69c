import { planHazardHistory, planHazards, type HazardPlan } from '@data/generator/hazards';
import type pg from 'pg';
import { UNLIMITED, withTransaction } from '../db/transaction';
import { locatePoint } from '../lib/point-input';

/** Unit for a hazard type: the department that fixes such things, or the township. */
const UNIT_BY_TYPE: Record<string, string[]> = {
  sight_line: ['glzx', 'township'], vegetation: ['township', 'glzx'], roadside_market: ['township'], lighting: ['zjj', 'township'],
  school: ['jyj'], signs_markings: ['jtj', 'glzx'], traffic_calming: ['jtj'], pavement: ['glzx'], crop_drying: ['township'], other: ['jtj', 'township'],
};

const TO: Record<string, string> = { assign: 'assigned', start: 'rectifying', report: 'inspecting', fail: 'assigned', pass: 'closed', invalidate: 'closed' };
const BY_UNIT = new Set(['start', 'report']);

/**
 * Synthetic hazards for the demo ledger (data/generator/hazards.ts), on roads of each county,
 * with the events of the demo officers and liaisons, dated as planned and marked synthetic:
 * `count` found in the last year, at every stage, and `history` found one to four years before,
 * closed (what the before/after evaluation has to look back on). Only into an empty ledger, so a
 * real one is never mixed with them.
 */
export async function seedDemoHazards(pool: pg.Pool, seed: number, count = 240, history = 160): Promise<number> {
  // Only on the demo world (its generated roads), and only into an empty ledger.
  const wanted = await pool.query<{ ok: boolean }>(`SELECT EXISTS (SELECT 1 FROM roads WHERE synthetic) AND NOT EXISTS (SELECT 1 FROM hazards) AS ok`);
  if (!wanted.rows[0].ok) return 0;
  return withTransaction(pool, (client) => insertDemoHazards(client, seed, count, history), UNLIMITED);
}

/** The synthetic hazards, in the caller's transaction (the oldest first); how many were placed. */
export async function insertDemoHazards(client: pg.PoolClient, seed: number, count: number, history = 0): Promise<number> {
  const last = await client.query<{ d: string | null }>(`SELECT (max(occurred_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS d FROM accidents`);
  const counties = (await client.query<{ code: string; name_en: string }>(`SELECT code, name_en FROM jurisdictions WHERE level = 'county' ORDER BY code`)).rows;
  const lastDay = last.rows[0].d ?? '2026-10-31';
  const plans = [...planHazardHistory(seed, history, counties.length, lastDay), ...planHazards(seed, count, counties.length, lastDay)]
    .sort((a, b) => a.foundOn.localeCompare(b.foundOn));
  const users = new Map((await client.query<{ username: string; id: number; unit: string | null }>(
    `SELECT u.username, u.id, n.code AS unit FROM users u LEFT JOIN units n ON n.id = u.unit_id WHERE u.demo`,
  )).rows.map((u) => [u.username, u]));
  const liaisonOf = new Map([...users.values()].filter((u) => u.unit).map((u) => [u.unit!, u.id]));
  // Each county's roads (those wholly inside it), in id order, by one spatial join.
  const roadsOf = new Map((await client.query<{ code: string; ids: number[] }>(
    `SELECT j.code, array_agg(rd.id ORDER BY rd.id) AS ids FROM roads rd
     JOIN jurisdictions j ON j.level = 'county' AND ST_Within(rd.geom, j.geom) GROUP BY j.code`,
  )).rows.map((r) => [r.code, r.ids]));
  let saved = 0;
  for (const p of plans) {
    const county = counties[p.county];
    const officer = users.get(`officer.${county.name_en.toLowerCase().replace(/[^a-z]/g, '')}`);
    const ids = roadsOf.get(county.code);
    if (!officer || !ids?.length) continue;
    const road = p.at === 'road'
      ? await client.query<{ name: string | null; lon: number; lat: number }>(
          `SELECT name, ST_X(pt) AS lon, ST_Y(pt) AS lat FROM (SELECT name, ST_LineInterpolatePoint(geom, $2) AS pt FROM roads WHERE id = $1) x`,
          [ids[Math.floor(p.road * ids.length)], p.along],
        )
      : await client.query<{ name: string | null; lon: number; lat: number }>(
          `WITH hurt AS (SELECT a.id, a.geom, r.name FROM accidents a JOIN roads r ON r.id = a.road_id
                         WHERE r.county_code = $1 AND a.severity <> 'pdo' AND a.occurred_at < $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
           SELECT name, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM hurt ORDER BY id OFFSET (SELECT floor($3::float8 * count(*))::bigint FROM hurt) LIMIT 1`,
          [county.code, p.foundOn, p.road],
        );
    if (!road.rowCount) continue;
    const { name, lon, lat } = road.rows[0];
    const place = await locatePoint(client, lon, lat).catch(() => null);
    if (!place || place.county !== county.code) continue;
    await insertPlanned(client, p, { county: county.code, township: place.township, lon, lat, road: name, officer: officer.id, liaisonOf });
    saved++;
  }
  return saved;
}

async function insertPlanned(
  client: pg.PoolClient,
  p: HazardPlan,
  at: { county: string; township: string | null; lon: number; lat: number; road: string | null; officer: number; liaisonOf: Map<string, number> },
) {
  const kinds = UNIT_BY_TYPE[p.type];
  const kind = kinds[Math.floor(p.unit * kinds.length)];
  const unitCode = kind === 'township' ? (at.township ?? `${at.county}-jtj`) : `${at.county}-${kind}`;
  const unitRow = (await client.query<{ id: number; name: string; name_en: string | null }>(`SELECT id, name, name_en FROM units WHERE code = $1`, [unitCode])).rows[0];
  const unit = unitRow?.id ?? null;
  const stamp = (day: string) => `${day} 10:00:00+08`;
  const h = await client.query<{ id: number }>(
    `INSERT INTO hazards (number, type, description, risk, road_name, geom, county_code, township_code, reporter_id, found_on, created_at, updated_at, synthetic)
     VALUES (next_hazard_number($7, extract(year FROM $9::date)::int), $1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7, $8, $10, $9, $11, $11, true)
     RETURNING id`,
    [p.type, p.description, p.risk, at.road, at.lon, at.lat, at.county, at.township, p.foundOn, at.officer, stamp(p.foundOn)],
  );
  const id = h.rows[0].id;
  const event = (action: string, from: string | null, to: string, day: string, actor: number, note: string | null, data: object = {}) =>
    client.query(
      `INSERT INTO hazard_events (hazard_id, at, actor_id, action, from_status, to_status, note, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, stamp(day), actor, action, from, to, note, JSON.stringify(data)],
    );
  await event('register', null, 'registered', p.foundOn, at.officer, null, { lon: at.lon, lat: at.lat, type: p.type, risk: p.risk });
  let status = 'registered';
  const deadline = new Date(Date.parse(`${p.foundOn}T00:00:00Z`) + p.deadlineDays * 86_400_000).toISOString().slice(0, 10);
  for (const s of p.steps) {
    const actor = BY_UNIT.has(s.action) ? (at.liaisonOf.get(unitCode) ?? at.officer) : at.officer;
    const data = s.action === 'assign' ? { unitCode, unitName: unitRow?.name, unitNameEn: unitRow?.name_en, deadline, plan: '按一点一策方案整改' } : {};
    await event(s.action, status, TO[s.action], s.day, actor, s.note ?? null, data);
    status = TO[s.action];
  }
  const assigned = p.steps.some((s) => s.action === 'assign');
  const closedDay = p.steps.find((s) => s.action === 'pass' || s.action === 'invalidate')?.day;
  await client.query(
    `UPDATE hazards SET status = $2, unit_id = $3, deadline = $4, plan = $5, notice_no = $6,
       resolution = $7, closed_at = $8, version = $9, updated_at = coalesce($8, updated_at)
     WHERE id = $1`,
    [
      id, status, assigned ? unit : null, assigned ? deadline : null, assigned ? '按一点一策方案整改' : null,
      assigned ? `聊公交隐字〔${p.foundOn.slice(0, 4)}〕${id}号` : null,
      status === 'closed' ? (p.steps.some((s) => s.action === 'invalidate') ? 'invalid' : 'rectified') : null,
      closedDay ? stamp(closedDay) : null, 1 + p.steps.length,
    ],
  );
}
