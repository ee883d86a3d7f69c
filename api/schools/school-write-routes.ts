import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { validate } from '../lib/validate';
import { idParam } from '../lib/values';
import { addSchoolEvent } from './school-events';
import { addGate, changeSchool, createSchool, lockSchool, schoolJson } from './school-store';
import { WRITERS } from './scope';
import { AddGateBody, CreateSchoolBody, PatchSchoolBody } from './write-schemas';

/** A school with ten gates is a few kB of JSON: a body past this is refused before it is parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

const limit = () =>
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError('payload_too_large', `A school write may be at most ${MAX_BODY_BYTES / 1024} kB of JSON.`, [{ param: 'body', reason: `larger than ${MAX_BODY_BYTES / 1024} kB` }]);
    },
  });

/**
 * Schools entered by hand and their gates, as the ledger's writes: officers whose brigade holds the
 * school and admins; every change locks the school, checks the version read (stale → 409 with the
 * school now), bumps it and appends a school event. No DELETE of a school: its audits, the hazards
 * they became and its events refer to it (a school entered twice is a duplicate the import and
 * POST refuse unless confirmed).
 */
export function schoolWriteRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .post('/', limit(), validate('json', CreateSchoolBody), async (c) => {
      const user = currentUser(c, ...WRITERS);
      const b = c.req.valid('json');
      const school = await withTransaction(deps.pool, async (client) => schoolJson(client, await createSchool(client, user, b)));
      return c.json({ school }, 201);
    })

    .patch('/:id{[0-9]+}', limit(), validate('param', z.object({ id: idParam })), validate('json', PatchSchoolBody), async (c) => {
      const user = currentUser(c, ...WRITERS);
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const school = await withTransaction(deps.pool, async (client) => changeSchool(client, user, await lockSchool(client, user, id, b.version), b));
      return c.json({ school });
    })

    .post('/:id{[0-9]+}/gates', limit(), validate('param', z.object({ id: idParam })), validate('json', AddGateBody), async (c) => {
      const user = currentUser(c, ...WRITERS);
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const result = await withTransaction(deps.pool, async (client) => {
        await lockSchool(client, user, id, null);
        const gate = await addGate(client, id, b, b.crs, null);
        await client.query(`UPDATE schools SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
        await addSchoolEvent(client, { schoolId: id, actorId: user.id, action: 'gate_create', data: { gate, ...(b.crs !== 'wgs84' && { given: { lon: b.lon, lat: b.lat, crs: b.crs } }) } });
        return { gateId: gate.id, school: await schoolJson(client, id) };
      });
      return c.json(result, 201);
    })

    .delete(
      '/gates/:gateId{[0-9]+}',
      validate('param', z.object({ gateId: idParam })),
      // The school's version: a gate is part of the school, and adding or removing one changes it.
      validate('query', z.object({ version: z.coerce.number({ message: 'the version of the school you read is required' }).int('must be a whole number') })),
      async (c) => {
        const user = currentUser(c, ...WRITERS);
        const { gateId } = c.req.valid('param');
        const { version } = c.req.valid('query');
        const school = await withTransaction(deps.pool, async (client) => {
          const g = await client.query<{ school_id: number; name: string; lon: number; lat: number; road_id: number | null; gates: number; posts: number }>(
            `SELECT g.school_id, g.name, round(ST_X(g.geom)::numeric, 7)::float8 AS lon, round(ST_Y(g.geom)::numeric, 7)::float8 AS lat, g.road_id,
                    (SELECT count(*)::int FROM school_gates o WHERE o.school_id = g.school_id) AS gates,
                    (SELECT count(*)::int FROM guard_posts p WHERE p.gate_id = g.id) AS posts
             FROM school_gates g WHERE g.id = $1`,
            [gateId],
          );
          if (!g.rowCount) throw new ApiError('not_found', `No gate ${gateId}`);
          const gate = g.rows[0];
          await lockSchool(client, user, gate.school_id, version);
          // A school's zone is drawn from its gates, and a guard post stands at one: neither is dropped silently.
          if (gate.gates === 1) throw new ApiError('conflict', `${gate.name} is the school's only gate: add the right one before removing it.`, [{ param: 'gateId', reason: 'last_gate' }]);
          if (gate.posts) throw new ApiError('conflict', `A guard post stands at ${gate.name}: move it to another gate or remove it first.`, [{ param: 'gateId', reason: 'guard_post' }]);
          await client.query(`DELETE FROM school_gates WHERE id = $1`, [gateId]);
          await client.query(`UPDATE schools SET version = version + 1, updated_at = now() WHERE id = $1`, [gate.school_id]);
          await addSchoolEvent(client, {
            schoolId: gate.school_id, actorId: user.id, action: 'gate_delete',
            data: { gate: { id: gateId, name: gate.name, lon: gate.lon, lat: gate.lat, roadId: gate.road_id } },
          });
          return schoolJson(client, gate.school_id);
        });
        return c.json({ school });
      },
    );
}
