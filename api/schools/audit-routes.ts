import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { registerHazard } from '../hazards/register';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { validate } from '../lib/validate';
import { idParam } from '../lib/values';
import { AUDIT_ITEM_NAMES, type AuditItem } from '@shared/schools/school-terms';
import { auditJson } from './school-json';
import { addSchoolEvent } from './school-events';
import { schoolForWrite, WRITERS } from './scope';
import { AUDIT_ITEMS_ORDER, AuditBody, AuditHazardsBody } from './write-schemas';

async function readAudit(db: pg.ClientBase, id: number) {
  return (await db.query(`SELECT ${auditJson('true')} AS a FROM school_audits a LEFT JOIN users u ON u.id = a.done_by WHERE a.id = $1`, [id])).rows[0].a;
}

interface AuditRow {
  school_id: number;
  done_on: string;
  items: { item: AuditItem; result: string; note: string | null }[];
  name: string;
  /** Where a hazard from the audit is registered: the school's first gate (正门), else the school. */
  lon: number;
  lat: number;
  road: string | null;
  done: { item: string; number: string }[];
}

/** Zone audits (GA/T 1215-2014) and their failed items turned into hazards of the ledger. */
export function auditRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .post('/:id{[0-9]+}/audits', validate('param', z.object({ id: idParam })), validate('json', AuditBody), async (c) => {
      const user = currentUser(c, ...WRITERS);
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      // Stored in the checklist's fixed order, whatever order the client sent.
      const items = [...b.items].sort((x, y) => AUDIT_ITEMS_ORDER[x.item] - AUDIT_ITEMS_ORDER[y.item]).map((i) => ({ item: i.item, result: i.result, note: i.note ?? null }));
      const audit = await withTransaction(deps.pool, async (client) => {
        await schoolForWrite(client, user, id);
        const r = await client.query<{ id: number }>(
          `INSERT INTO school_audits (school_id, done_on, done_by, items, note) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [id, b.doneOn, user.id, JSON.stringify(items), b.note ?? null],
        );
        const failed = items.filter((i) => i.result === 'fail').map((i) => i.item);
        await addSchoolEvent(client, { schoolId: id, actorId: user.id, action: 'audit', data: { auditId: r.rows[0].id, doneOn: b.doneOn, failed } });
        return readAudit(client, r.rows[0].id);
      });
      return c.json({ audit }, 201);
    })

    .post('/audits/:auditId{[0-9]+}/hazards', validate('param', z.object({ auditId: idParam })), validate('json', AuditHazardsBody), async (c) => {
      const user = currentUser(c, ...WRITERS);
      const { auditId } = c.req.valid('param');
      const b = c.req.valid('json');
      const hazards = await withTransaction(deps.pool, async (client) => {
        // The lock orders two clicks on the same audit: the second sees the first's hazards.
        const r = await client.query<AuditRow>(
          `SELECT a.school_id, a.done_on::text, a.items, s.name, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, rd.name AS road,
                  (SELECT coalesce(json_agg(json_build_object('item', ah.item, 'number', h.number)), '[]')
                   FROM school_audit_hazards ah JOIN hazards h ON h.id = ah.hazard_id WHERE ah.audit_id = a.id) AS done
           FROM school_audits a
           JOIN schools s ON s.id = a.school_id
           LEFT JOIN LATERAL (SELECT g.geom, g.road_id FROM school_gates g WHERE g.school_id = s.id ORDER BY g.id LIMIT 1) g ON true
           LEFT JOIN roads rd ON rd.id = g.road_id
           CROSS JOIN LATERAL (SELECT coalesce(g.geom, s.geom) AS geom) p
           WHERE a.id = $1 FOR UPDATE OF a`,
          [auditId],
        );
        if (!r.rowCount) throw new ApiError('not_found', `No audit ${auditId}`);
        const a = r.rows[0];
        await schoolForWrite(client, user, a.school_id);
        b.items.forEach((item, k) => {
          const result = a.items.find((i) => i.item === item)?.result ?? 'none';
          if (result !== 'fail') {
            // Named down to the entry, as validation names a nested field.
            const detail = { param: 'items', path: `items.${k}`, reason: `${item} did not fail in this audit (${result})`, rule: 'not_failed' };
            throw new ApiError('bad_request', `Invalid parameter "items.${k}": ${item} did not fail in audit ${auditId} (${result})`, [detail]);
          }
        });
        const already = a.done.filter((d) => (b.items as string[]).includes(d.item));
        if (already.length) {
          throw new ApiError('conflict', `Already in the ledger: ${already.map((d) => `${d.item} as ${d.number}`).join(', ')}.`, [
            { param: 'items', reason: 'already_registered' },
          ]);
        }
        const made: { item: AuditItem; id: number; number: string }[] = [];
        for (const [k, item] of b.items.entries()) {
          const note = a.items.find((i) => i.item === item)?.note;
          const hazard = await registerHazard(client, user, {
            type: 'school',
            description: `${a.name}校园周边：${AUDIT_ITEM_NAMES[item]}不达标（GA/T 1215-2014 排查，${a.done_on}）${note ? `：${note}` : ''}`,
            risk: b.risk,
            roadName: a.road,
            foundOn: a.done_on,
            lon: a.lon,
            lat: a.lat,
            // All at the same gate: the first registration's check covers the rest, which would only find each other.
            confirmNotDuplicate: b.confirmNotDuplicate || k > 0,
          });
          await client.query(`INSERT INTO school_audit_hazards (audit_id, item, hazard_id) VALUES ($1, $2, $3)`, [auditId, item, hazard.id]);
          made.push({ item, id: hazard.id, number: hazard.number });
        }
        await addSchoolEvent(client, { schoolId: a.school_id, actorId: user.id, action: 'audit_hazards', data: { auditId, hazards: made } });
        return made;
      });
      return c.json({ auditId, hazards }, 201);
    });
}
