import { Hono } from 'hono';
import { z } from 'zod';
import type { SessionUser } from '../auth/accounts';
import type { AuthEnv } from '../auth/middleware';
import { HAZARD_JOINS, HAZARD_JSON, visibleTo } from '../hazards/store';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { geojson } from '../lib/geojson-response';
import { bboxParam, dateParam, orderedDates } from '../lib/query-params';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';
import { idParam } from '../lib/values';
import { areaParams, resolveArea, ZONE_RADIUS_M, ZONE_REACH_M } from './params';
import { readGates, readZone } from './school-zone';
import { auditJson, GUARD_POST_JSON, SCHOOL_JOINS, SCHOOL_JSON } from './school-json';
import { mayWrite, schoolScope } from './scope';
import { analysisWindow, exposure, schoolZoneStats } from './zone-stats';

const LIST_SQL = sqlFile(new URL('./list.sql', import.meta.url));

/** The window of the detail's zone statistics (default: the twelve months ending at the newest accident). */
const StatsQuery = z.object({ from: dateParam.optional(), to: dateParam.optional() }).superRefine(orderedDates);

function listQuery(deps: AppDeps) {
  return z.object({
    ...areaParams,
    /** `none`: only the schools without a guard post (护学岗). */
    guardPost: z.enum(['none'], { message: 'must be none (the schools without a guard post)' }).optional(),
    bbox: bboxParam(deps.extent).optional(),
  });
}

/** GET /api/schools and GET /api/schools/:id: readable like the sight lines (PUBLIC_MAP). */
export function schoolReadRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', validate('query', listQuery(deps)), async (c) => {
      const q = c.req.valid('query');
      const area = await resolveArea(deps, q);
      const r = await deps.pool.query<{ fc: string }>(LIST_SQL, [area.county, area.township, q.guardPost ?? null, q.bbox ?? null, ZONE_RADIUS_M, ZONE_REACH_M]);
      return geojson(c, r.rows[0].fc);
    })

    .get('/:id{[0-9]+}', validate('param', z.object({ id: idParam })), validate('query', StatsQuery), async (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('session')?.user ?? null;
      const scope = await schoolScope(deps.pool, user, id);
      if (!scope) throw new ApiError('not_found', `No school ${id}`);
      const school = await deps.pool.query<{ j: Record<string, unknown> }>(`SELECT ${SCHOOL_JSON} AS j FROM schools s ${SCHOOL_JOINS} WHERE s.id = $1`, [id]);
      return c.json({
        ...school.rows[0].j,
        gates: await readGates(deps.pool, id),
        zone: await readZone(deps.pool, id),
        stats: await zoneStats(deps, id, c.req.valid('query')),
        hazards: await zoneHazards(deps, user, id),
        audits: (
          await deps.pool.query(
            `SELECT ${auditJson('$2')} AS a FROM school_audits a LEFT JOIN users u ON u.id = a.done_by
             WHERE a.school_id = $1 ORDER BY a.done_on DESC, a.id DESC`,
            [id, user !== null],
          )
        ).rows.map((r) => r.a),
        guardPosts: (
          await deps.pool.query(
            `SELECT ${GUARD_POST_JSON} AS p FROM guard_posts p JOIN school_gates g ON g.id = p.gate_id WHERE g.school_id = $1 ORDER BY p.id`,
            [id],
          )
        ).rows.map((r) => r.p),
        mayEdit: mayWrite(user, scope),
      });
    });
}

/**
 * Open hazards in the school's zone: how many (of any type), and those the reader may see in the
 * ledger (none without signing in), newest first.
 */
async function zoneHazards(deps: AppDeps, user: SessionUser | null, id: number) {
  const v = user ? visibleTo(user, 4) : { sql: 'false', params: [] };
  const r = await deps.pool.query<{ open: number; items: unknown[] }>(
    `SELECT count(*)::int AS open, coalesce(json_agg(${HAZARD_JSON} ORDER BY h.id DESC) FILTER (WHERE ${v.sql}), '[]') AS items
     FROM school_zones(ARRAY[$1::int], $2) z
     JOIN hazards h ON h.status <> 'closed' AND ST_DWithin(h.geom_m, z.geom_m, $3)
     ${HAZARD_JOINS}`,
    [id, ZONE_RADIUS_M, ZONE_REACH_M, ...v.params],
  );
  return r.rows[0];
}

/** The school's zone statistics in the window, as GET /zones gives them, with the window and its school days. */
async function zoneStats(deps: AppDeps, id: number, q: { from?: string; to?: string }) {
  const window = await analysisWindow(deps, q);
  const e = await exposure(deps.pool, window.from, window.to);
  const [row] = await schoolZoneStats(deps.pool, { ...window, ids: [id], weights: deps.env.EPDO_WEIGHTS }, e);
  return { ...window, schoolDays: e.schoolDays, schoolHours: row.schoolHours, otherHours: row.otherHours, rateRatio: row.rateRatio };
}
