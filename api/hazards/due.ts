import { Hono } from 'hono';
import { currentUser, type AuthEnv } from '../auth/middleware';
import type { AppDeps } from '../lib/app-deps';
import { TODAY, visibleTo } from './store';

/** Days ahead a deadline counts as coming due: the week's work planned on Monday sees Thursday's. */
export const DUE_SOON_DAYS = 3;
/** Items listed of each kind; the totals count them all. */
const LISTED = 20;

/**
 * GET /due: what this user should see to when they sign in: the open hazards they may read whose
 * deadline has passed (overdue) or falls within the next DUE_SOON_DAYS days, most urgent first,
 * and how many there are of each (the count on the ledger button). Overdue is the ledger's
 * (`deadline < today`, local time); a request for more time that waits is named with its hazard.
 */
export function dueRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/due', async (c) => {
    const user = currentUser(c);
    const v = visibleTo(user, 1);
    const r = await deps.pool.query<{ overdue: unknown[] | null; soon: unknown[] | null; overdue_total: number; soon_total: number; today: string }>(
      `WITH open AS (
         SELECT h.id, h.number, h.type, h.status, h.deadline, h.extension_to, h.road_name, h.unit_id, h.township_code, h.geom,
                (h.deadline - ${TODAY}) AS days
         FROM hazards h
         WHERE ${v.sql} AND h.status IN ('assigned', 'rectifying') AND h.deadline IS NOT NULL
           AND h.deadline <= ${TODAY} + ${DUE_SOON_DAYS}
       ),
       shown AS (
         SELECT o.days < 0 AS overdue, o.days, o.id,
                row_number() OVER (PARTITION BY o.days < 0 ORDER BY o.deadline, o.id) AS k,
                json_build_object('id', o.id, 'number', o.number, 'type', o.type, 'status', o.status, 'deadline', o.deadline,
                  'days', o.days, 'extensionTo', o.extension_to, 'roadName', o.road_name,
                  'lon', round(ST_X(o.geom)::numeric, 7), 'lat', round(ST_Y(o.geom)::numeric, 7),
                  'township', CASE WHEN t.code IS NULL THEN NULL ELSE json_build_object('code', t.code, 'name', t.name, 'nameEn', t.name_en) END,
                  'unit', CASE WHEN n.id IS NULL THEN NULL ELSE json_build_object('code', n.code, 'name', n.name, 'nameEn', n.name_en) END) AS j
         FROM open o
         LEFT JOIN jurisdictions t ON t.code = o.township_code
         LEFT JOIN units n ON n.id = o.unit_id
       )
       SELECT (SELECT json_agg(j ORDER BY k) FROM shown WHERE overdue AND k <= ${LISTED}) AS overdue,
              (SELECT json_agg(j ORDER BY k) FROM shown WHERE NOT overdue AND k <= ${LISTED}) AS soon,
              (SELECT count(*)::int FROM open WHERE days < 0) AS overdue_total,
              (SELECT count(*)::int FROM open WHERE days >= 0) AS soon_total,
              ${TODAY}::text AS today`,
      v.params,
    );
    const row = r.rows[0];
    return c.json({
      today: row.today,
      days: DUE_SOON_DAYS,
      overdue: { total: row.overdue_total, items: row.overdue ?? [] },
      dueSoon: { total: row.soon_total, items: row.soon ?? [] },
    });
  });
}
