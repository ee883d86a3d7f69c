import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { INPUT_CRS } from '../lib/china-crs';
import { locatePoint, pointInScope, wgs84Point } from '../lib/point-input';
import { dateParam } from '../lib/query-params';
import { validate } from '../lib/validate';
import { idParam, idValue, noNul, NO_NUL, text } from '../lib/values';
import { allowedActions, decide, HAZARD_ACTIONS, type HazardState } from './state-machine';
import { attachmentsOf, hazardUploadRoutes, photoRefusal } from './attachments';
import { dueRoutes } from './due';
import { filterParams, hazardFilter } from './filter';
import { hazardImportRoutes } from './import';
import { unitServesCounty } from '../units/route';
import { registerHazard, unitForHazard } from './register';
import { ledgerRoutes } from './ledger';
import { MARKET_TRANSITION_FIELDS, patchedMarketLink, settleMarket } from './market-link';
import { actorFor, addEvent, HAZARD_JOINS, HAZARD_JSON, HAZARD_TYPES, hazardJson, readHazard, RISK_LEVELS, TODAY, visibleTo, type HazardRow } from './store';

const point = { lon: z.number({ message: 'must be a number' }), lat: z.number({ message: 'must be a number' }), crs: z.enum(INPUT_CRS).default('wgs84') };

const CreateBody = z.object({
  type: z.enum(HAZARD_TYPES, { message: `one of ${HAZARD_TYPES.join(', ')}` }),
  description: text(2000),
  risk: z.enum(RISK_LEVELS, { message: `one of ${RISK_LEVELS.join(', ')}` }),
  roadName: text(100).optional(),
  foundOn: dateParam.optional(),
  ...point,
  /** Save even though an open hazard of the same type lies within 30 m. */
  confirmNotDuplicate: z.boolean().default(false),
  /** The market a 马路市场 hazard is about. */
  marketId: idValue.optional(),
  /** The id a phone's outbox gave the registration: sent again, the hazard already saved answers (200). */
  clientRef: z.uuid({ message: 'must be a UUID' }).optional(),
});

const PatchBody = z
  .object({
    version: z.number().int(),
    type: CreateBody.shape.type.optional(),
    description: text(2000).optional(),
    risk: CreateBody.shape.risk.optional(),
    roadName: text(100).nullable().optional(),
    lon: z.number().optional(),
    lat: z.number().optional(),
    crs: point.crs,
    marketId: idValue.nullable().optional(),
    /** The unit that takes it over when an assigned hazard moves into a county its unit does not serve. */
    unitCode: z.string().max(40, 'at most 40 characters').refine(noNul, NO_NUL).optional(),
  })
  .refine((b) => (b.lon === undefined) === (b.lat === undefined), { path: ['lat'], message: 'lon and lat go together' })
  .refine((b) => b.unitCode === undefined || b.lon !== undefined, { path: ['unitCode'], message: 'is given only with a move (lon, lat) into another county; hand a hazard to another unit with the assign step', params: { rule: 'not_moving' } });

const TransitionBody = z.object({
  action: z.enum(HAZARD_ACTIONS, { message: `one of ${HAZARD_ACTIONS.join(', ')}` }),
  version: z.number({ message: 'the version you read is required' }).int(),
  note: text(2000).optional(),
  unitCode: z.string().max(40, 'at most 40 characters').refine(noNul, NO_NUL).optional(),
  deadline: dateParam.optional(),
  plan: text(2000).optional(),
  noticeNo: text(60).optional(),
  measures: text(1000).optional(),
  resolution: z.enum(['invalid', 'duplicate']).optional(),
  duplicateOf: idValue.optional(),
  /** Photos already uploaded to this hazard that belong with this step (evidence with `report`). */
  attachmentIds: z.array(idValue).max(20).optional(),
  ...MARKET_TRANSITION_FIELDS,
});

const IdParam = z.object({ id: idParam });

function listQuery(deps: AppDeps) {
  return z.object({
    ...filterParams(deps),
    format: z.enum(['json', 'geojson']).default('json'),
    // Bounded so the offset, page × pageSize, stays a number the database takes.
    page: z.coerce.number().int().min(1).max(1_000_000, 'must be at most 1000000').default(1),
    pageSize: z.coerce.number().int().min(1).max(5000).default(100),
  });
}

/** The 409 for a write based on an old read: what it is now, so the client can show and retry. */
async function stale(db: pg.PoolClient, id: number, sent: number, current: number): Promise<never> {
  throw new ApiError('conflict', `This hazard changed since you read it (you sent version ${sent}, it is now ${current}); reload and try again.`, [
    { param: 'version', reason: 'stale' },
  ], { current: await hazardJson(db, id) });
}

const need = (value: unknown, param: string, action: string) => {
  if (value === undefined || value === null || value === '') throw ApiError.badParam(param, `required to ${action}`, 'required');
};

/** The hazard a reporter's outbox already saved under this id, or null. */
async function sentBefore(db: pg.Pool, reporterId: number, clientRef: string): Promise<number | null> {
  const r = await db.query<{ id: number }>(`SELECT id FROM hazards WHERE reporter_id = $1 AND client_ref = $2`, [reporterId, clientRef]);
  return r.rows[0]?.id ?? null;
}

/** /api/hazards: the ledger. */
export function hazardsRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .route('/', hazardUploadRoutes(deps))
    .route('/', ledgerRoutes(deps))
    .route('/', dueRoutes(deps))
    .route('/', hazardImportRoutes(deps))
    .get('/', validate('query', listQuery(deps)), async (c) => {
      const user = currentUser(c);
      const q = c.req.valid('query');
      const { where, params } = hazardFilter(user, q);
      params.push(q.pageSize, (q.page - 1) * q.pageSize);
      const r = await deps.pool.query<{ items: unknown[] | null; total: number; overdue: number }>(
        `WITH m AS (SELECT h.id FROM hazards h WHERE ${where})
         SELECT (SELECT json_agg(x.j ORDER BY x.id DESC) FROM (
                   SELECT h.id, ${HAZARD_JSON} AS j FROM hazards h ${HAZARD_JOINS}
                   WHERE h.id IN (SELECT id FROM m) ORDER BY h.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}) x) AS items,
                (SELECT count(*)::int FROM m) AS total,
                (SELECT count(*)::int FROM hazards h WHERE h.id IN (SELECT id FROM m) AND h.status <> 'closed' AND h.deadline < ${TODAY}) AS overdue`,
        params,
      );
      const { items, total, overdue } = r.rows[0];
      const list = (items ?? []) as { lon: number; lat: number }[];
      if (q.format === 'geojson') {
        return c.json({
          type: 'FeatureCollection',
          meta: { total, overdue, page: q.page, pageSize: q.pageSize },
          features: list.map((h) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [h.lon, h.lat] }, properties: h })),
        });
      }
      return c.json({ items: list, total, overdue, page: q.page, pageSize: q.pageSize });
    })

    .post('/', validate('json', CreateBody), async (c) => {
      const user = currentUser(c, 'officer', 'admin');
      const b = c.req.valid('json');
      // Sent again from an outbox whose first send was saved (its answer lost): that hazard, not a second one.
      const before = b.clientRef ? await sentBefore(deps.pool, user.id, b.clientRef) : null;
      if (before !== null) return c.json(await hazardJson(deps.pool, before), 200);
      const [lon, lat] = wgs84Point(b.lon, b.lat, b.crs);
      try {
        const { id } = await withTransaction(deps.pool, (client) => registerHazard(client, user, { ...b, lon, lat }));
        return c.json(await hazardJson(deps.pool, id), 201);
      } catch (e) {
        // The same registration sent twice at once: the one saved answers both (this one failed on
        // the unique client_ref, or took the other for a duplicate nearby).
        const raced = b.clientRef ? await sentBefore(deps.pool, user.id, b.clientRef) : null;
        if (raced === null) throw e;
        return c.json(await hazardJson(deps.pool, raced), 200);
      }
    })

    .get('/:id{[0-9]+}', validate('param', IdParam), async (c) => {
      const user = currentUser(c);
      const { id } = c.req.valid('param');
      const v = visibleTo(user, 2);
      const r = await deps.pool.query<{ j: Record<string, unknown>; visible: boolean; row: HazardRow }>(
        `SELECT ${HAZARD_JSON} AS j, ${v.sql} AS visible,
                json_build_object('id', h.id, 'status', h.status, 'version', h.version, 'county_code', h.county_code,
                                  'unit_id', h.unit_id, 'extension_to', h.extension_to, 'lon', ST_X(h.geom), 'lat', ST_Y(h.geom)) AS row
         FROM hazards h ${HAZARD_JOINS} WHERE h.id = $1`,
        [id, ...v.params],
      );
      if (!r.rowCount) throw new ApiError('not_found', `No hazard ${id}`);
      if (!r.rows[0].visible) throw new ApiError('forbidden', `Hazard ${id} is outside what you may see (${user.role === 'liaison' ? 'not assigned to your unit' : user.scope.name}).`, [{ reason: 'scope' }]);
      const events = await deps.pool.query(
        `SELECT e.id, e.at, e.action, e.from_status AS "from", e.to_status AS "to", e.note, e.data,
                json_build_object('username', u.username, 'displayName', u.display_name, 'role', u.role) AS actor,
                -- Photos uploaded by this event, and those a transition named (attachmentIds).
                ARRAY(SELECT a.id FROM attachments a WHERE a.event_id = e.id
                      UNION SELECT x::int FROM jsonb_array_elements_text(coalesce(e.data->'attachments', '[]')) x ORDER BY 1) AS attachments
         FROM hazard_events e JOIN users u ON u.id = e.actor_id WHERE e.hazard_id = $1 ORDER BY e.id`,
        [id],
      );
      const row = r.rows[0].row;
      const actor = await actorFor(deps.pool, user, row);
      return c.json({
        ...r.rows[0].j,
        attachments: await attachmentsOf(deps.pool, id),
        events: events.rows,
        allowedActions: allowedActions(row.status, actor, { extensionPending: row.extension_to !== null }),
        mayAddPhotos: photoRefusal(user, actor, row.status) === null,
      });
    })

    .patch('/:id{[0-9]+}', validate('param', IdParam), validate('json', PatchBody), async (c) => {
      const user = currentUser(c, 'officer', 'admin');
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      await withTransaction(deps.pool, async (client) => {
        const h = await readHazard(client, id, true);
        if (!h) throw new ApiError('not_found', `No hazard ${id}`);
        const actor = await actorFor(client, user, h);
        if (!actor.inScope) throw new ApiError('forbidden', `This hazard lies outside ${user.scope.name}.`, [{ reason: 'scope' }]);
        if (h.status === 'closed') throw new ApiError('conflict', 'A closed hazard is not edited; reopen it first.', [{ reason: 'state' }]);
        if (b.version !== h.version) await stale(client, id, b.version, h.version);
        const changes: Record<string, unknown> = {};
        const sets: string[] = [];
        const params: unknown[] = [id];
        const set = (column: string, value: unknown, key: string) => {
          params.push(value);
          sets.push(`${column} = $${params.length}`);
          changes[key] = value;
        };
        if (b.type !== undefined) set('type', b.type, 'type');
        if (b.description !== undefined) set('description', b.description, 'description');
        if (b.risk !== undefined) set('risk', b.risk, 'risk');
        if (b.roadName !== undefined) set('road_name', b.roadName, 'roadName');
        if (b.lon !== undefined && b.lat !== undefined) {
          const [lon, lat] = wgs84Point(b.lon, b.lat, b.crs);
          const place = await locatePoint(client, lon, lat);
          if (user.role !== 'admin' && !(await pointInScope(client, user.scope.code, lon, lat))) {
            throw new ApiError('forbidden', `(${lon.toFixed(6)}, ${lat.toFixed(6)}) lies outside ${user.scope.name}: a hazard moves only inside your brigade's area.`, [
              { param: 'lon', reason: 'scope' },
            ]);
          }
          params.push(lon, lat);
          sets.push(`geom = ST_SetSRID(ST_MakePoint($${params.length - 1}, $${params.length}), 4326)`);
          changes.from = [h.lon, h.lat];
          changes.lon = lon;
          changes.lat = lat;
          set('county_code', place.county, 'county');
          set('township_code', place.township, 'township');
          // Into another county, an assigned hazard keeps its unit only if the unit serves there
          // too (a city department); else the unit that takes it over comes with the move, or
          // the old county's liaison could still act on it and the new brigade could not.
          if (place.county !== h.county_code && h.unit_id !== null) {
            const serves = async () =>
              (await client.query<{ ok: boolean }>(
                `SELECT ${unitServesCounty('$2')} AS ok FROM units n JOIN jurisdictions j ON j.code = n.jurisdiction_code WHERE n.id = $1`,
                [h.unit_id, place.county],
              )).rows[0]?.ok;
            if (b.unitCode !== undefined) {
              const unit = await unitForHazard(client, b.unitCode, place.county);
              set('unit_id', unit.id, 'unitId');
              changes.unitCode = b.unitCode;
            } else if (!(await serves())) {
              throw ApiError.badParam('unitCode', `the hazard is assigned to a unit that does not work in ${place.county}: moving it there needs the unit that takes it over (unitCode) in the same step`, 'unit_elsewhere');
            }
          } else if (b.unitCode !== undefined) {
            throw ApiError.badParam('unitCode', 'is given only when an assigned hazard moves into another county; hand it to another unit with the assign step', 'not_moving');
          }
        }
        const point: [number, number] = b.lon !== undefined && b.lat !== undefined ? wgs84Point(b.lon, b.lat, b.crs) : [h.lon, h.lat];
        const market = await patchedMarketLink(client, h, b, point);
        if (market !== undefined) set('market_id', market, 'marketId');
        if (!sets.length) throw ApiError.badParam('version', 'nothing to change: send at least one field');
        await client.query(`UPDATE hazards SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`, params);
        await addEvent(client, { hazardId: id, actorId: user.id, action: 'edit', from: h.status, to: h.status, data: changes });
      });
      return c.json(await hazardJson(deps.pool, id));
    })

    .post('/:id{[0-9]+}/transitions', validate('param', IdParam), validate('json', TransitionBody), async (c) => {
      const user = currentUser(c);
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      await withTransaction(deps.pool, async (client) => {
        const h = await readHazard(client, id, true);
        if (!h) throw new ApiError('not_found', `No hazard ${id}`);
        const d = decide(h.status, b.action, await actorFor(client, user, h), { extensionPending: h.extension_to !== null });
        if (!d.ok) {
          if (d.status === 403) throw new ApiError('forbidden', d.message, [{ reason: d.reason }]);
          throw new ApiError('conflict', d.message, [{ param: 'action', reason: d.reason }], { current: await hazardJson(client, id) });
        }
        if (b.version !== h.version) await stale(client, id, b.version, h.version);
        const to: HazardState = d.to;
        const sets: string[] = [`status = '${to}'`];
        const params: unknown[] = [id];
        const data: Record<string, unknown> = {};
        const set = (column: string, value: unknown, key: string) => {
          params.push(value);
          sets.push(`${column} = $${params.length}`);
          data[key] = value;
        };
        switch (b.action) {
          case 'assign':
          case 'reassign': {
            need(b.unitCode, 'unitCode', b.action);
            need(b.deadline, 'deadline', b.action);
            const unit = await unitForHazard(client, b.unitCode!, h.county_code);
            if (b.deadline! < h.found_on) throw ApiError.badParam('deadline', `must not be before the day the hazard was found (${h.found_on})`, 'before_found');
            set('unit_id', unit.id, 'unitId');
            // The unit's name as it was then, for the timeline (names may change; the code stays).
            Object.assign(data, { unitCode: b.unitCode, unitName: unit.name, unitNameEn: unit.nameEn });
            set('deadline', b.deadline, 'deadline');
            if (b.plan !== undefined) set('plan', b.plan, 'plan');
            if (b.noticeNo !== undefined) set('notice_no', b.noticeNo, 'noticeNo');
            break;
          }
          case 'start':
            if (b.measures !== undefined) set('measures', b.measures, 'measures');
            break;
          case 'measures':
            need(b.measures, 'measures', b.action);
            set('measures', b.measures, 'measures');
            break;
          case 'report':
            need(b.note, 'note', 'report the work done (what was done)');
            // The brigade re-inspects against something: the work is shown, not only said.
            if (!b.attachmentIds?.length) throw ApiError.badParam('attachmentIds', 'report the work done with at least one photo of it (upload it to the hazard, then name it here)', 'required');
            break;
          case 'return': {
            need(b.note, 'note', 'send back a hazard (why it is not your unit’s)');
            // Back to the brigade to hand out again: no unit, no deadline. The unit it left is in the event.
            const unit = (await client.query<{ code: string; name: string; name_en: string | null }>(`SELECT code, name, name_en FROM units WHERE id = $1`, [h.unit_id])).rows[0];
            Object.assign(data, { unitCode: unit?.code, unitName: unit?.name, unitNameEn: unit?.name_en });
            sets.push('unit_id = NULL', 'deadline = NULL');
            break;
          }
          case 'extend':
            need(b.deadline, 'deadline', 'ask for more time (the new deadline)');
            need(b.note, 'note', 'ask for more time (why)');
            if (h.deadline !== null && b.deadline! <= h.deadline) throw ApiError.badParam('deadline', `must be after the deadline now (${h.deadline})`, 'not_later');
            set('extension_to', b.deadline, 'asked');
            data.was = h.deadline;
            break;
          case 'grant':
            params.push(h.extension_to);
            sets.push(`deadline = $${params.length}`);
            Object.assign(data, { deadline: h.extension_to, was: h.deadline });
            break;
          case 'refuse':
            need(b.note, 'note', 'refuse more time (why)');
            data.asked = h.extension_to;
            break;
          case 'pass':
            sets.push(`resolution = 'rectified'`, 'closed_at = now()');
            break;
          case 'fail':
            need(b.note, 'note', 'fail a re-inspection (the reason)');
            break;
          case 'reopen':
            need(b.note, 'note', 'reopen (the reason)');
            sets.push('resolution = NULL', 'closed_at = NULL', 'duplicate_of = NULL', 'market_resolution = NULL');
            break;
          case 'invalidate':
            need(b.resolution, 'resolution', 'invalidate (invalid or duplicate)');
            need(b.note, 'note', 'invalidate (the reason)');
            set('resolution', b.resolution, 'resolution');
            sets.push('closed_at = now()');
            if (b.resolution === 'duplicate') {
              need(b.duplicateOf, 'duplicateOf', 'close as a duplicate (the hazard it repeats)');
              const other = await client.query(`SELECT 1 FROM hazards WHERE id = $1 AND id <> $2`, [b.duplicateOf, id]);
              if (!other.rowCount) throw ApiError.badParam('duplicateOf', `no other hazard ${b.duplicateOf}`);
              set('duplicate_of', b.duplicateOf, 'duplicateOf');
            }
            break;
        }
        // A 马路市场 hazard's market follows its closure, in this transaction (market-link.ts).
        const settled = await settleMarket(client, user, h, b);
        if (settled) {
          data.marketId = h.market_id;
          set('market_resolution', settled, 'marketResolution');
        }
        if (b.attachmentIds?.length) {
          const found = await client.query<{ id: number }>(`SELECT id FROM attachments WHERE hazard_id = $1 AND id = ANY ($2)`, [id, b.attachmentIds]);
          const missing = b.attachmentIds.filter((a) => !found.rows.some((r) => r.id === a));
          if (missing.length) throw ApiError.badParam('attachmentIds', `no photo ${missing.join(', ')} on this hazard`);
          data.attachments = b.attachmentIds;
        }
        // A request for more time is answered, or it lapses with the step that moves the hazard on
        // (a new unit or deadline, the work reported, the hazard sent back or closed).
        if (h.extension_to !== null && b.action !== 'extend' && b.action !== 'start' && b.action !== 'measures') sets.push('extension_to = NULL');
        await client.query(`UPDATE hazards SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`, params);
        await addEvent(client, { hazardId: id, actorId: user.id, action: b.action, from: h.status, to, note: b.note ?? null, data });
      });
      return c.json(await hazardJson(deps.pool, id));
    });
}
