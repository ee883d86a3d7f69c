import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import type { SessionUser } from '../auth/accounts';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { validate } from '../lib/validate';
import { idParam } from '../lib/values';
import { GUARD_POST_JSON } from './school-json';
import { addSchoolEvent } from './school-events';
import { schoolForWrite, WRITERS } from './scope';
import { GuardPostBody, GuardPostPatch } from './write-schemas';

async function guardPostJson(db: pg.ClientBase, id: number) {
  return (await db.query(`SELECT ${GUARD_POST_JSON} AS p FROM guard_posts p JOIN school_gates g ON g.id = p.gate_id WHERE p.id = $1`, [id])).rows[0].p;
}

/** 400 unless the gate is one of the school's. */
async function checkGate(db: pg.ClientBase, schoolId: number, gateId: number) {
  const r = await db.query(`SELECT 1 FROM school_gates WHERE id = $1 AND school_id = $2`, [gateId, schoolId]);
  if (!r.rowCount) throw ApiError.badParam('gateId', `gate ${gateId} is not a gate of school ${schoolId}`);
}

/**
 * The guard post a write changes, locked until the transaction ends: 404 if there is none, 403
 * outside the user's brigade, 409 when the version the client read is not the current one
 * (`error.current` is the post now).
 */
async function postForWrite(db: pg.PoolClient, user: SessionUser, id: number, version: number) {
  const r = await db.query<{ version: number; school_id: number }>(
    `SELECT p.version, g.school_id FROM guard_posts p JOIN school_gates g ON g.id = p.gate_id WHERE p.id = $1 FOR UPDATE OF p`,
    [id],
  );
  if (!r.rowCount) throw new ApiError('not_found', `No guard post ${id}`);
  const post = r.rows[0];
  await schoolForWrite(db, user, post.school_id);
  if (post.version !== version) {
    throw new ApiError(
      'conflict',
      `Guard post ${id} changed since you read it (you sent version ${version}, it is now ${post.version}); reload and try again.`,
      [{ param: 'version', reason: 'stale' }],
      { current: await guardPostJson(db, id) },
    );
  }
  return post;
}

/** 护学岗: create, change and remove guard posts at a school's gates; every write is a school event. */
export function guardPostRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .post('/:id{[0-9]+}/guard-posts', validate('param', z.object({ id: idParam })), validate('json', GuardPostBody), async (c) => {
      const user = currentUser(c, ...WRITERS);
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const post = await withTransaction(deps.pool, async (client) => {
        await schoolForWrite(client, user, id);
        await checkGate(client, id, b.gateId);
        const r = await client.query<{ id: number }>(
          `INSERT INTO guard_posts (gate_id, hours, days, police, auxiliary, teachers, parents, note, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
          [b.gateId, JSON.stringify(b.hours), b.days, b.staffing.police, b.staffing.auxiliary, b.staffing.teachers, b.staffing.parents, b.note ?? null, user.id],
        );
        const created = await guardPostJson(client, r.rows[0].id);
        await addSchoolEvent(client, { schoolId: id, actorId: user.id, action: 'guard_post_create', data: { guardPost: created } });
        return created;
      });
      return c.json({ guardPost: post }, 201);
    })

    .patch('/guard-posts/:postId{[0-9]+}', validate('param', z.object({ postId: idParam })), validate('json', GuardPostPatch), async (c) => {
      const user = currentUser(c, ...WRITERS);
      const { postId } = c.req.valid('param');
      const b = c.req.valid('json');
      const post = await withTransaction(deps.pool, async (client) => {
        const old = await postForWrite(client, user, postId, b.version);
        if (b.gateId !== undefined) await checkGate(client, old.school_id, b.gateId);
        await client.query(
          `UPDATE guard_posts SET gate_id = coalesce($2, gate_id), hours = coalesce($3::jsonb, hours), days = coalesce($4, days),
             police = coalesce($5, police), auxiliary = coalesce($6, auxiliary), teachers = coalesce($7, teachers), parents = coalesce($8, parents),
             note = CASE WHEN $9 THEN $10 ELSE note END, version = version + 1, updated_at = now()
           WHERE id = $1`,
          [
            postId, b.gateId ?? null, b.hours ? JSON.stringify(b.hours) : null, b.days ?? null,
            b.staffing?.police ?? null, b.staffing?.auxiliary ?? null, b.staffing?.teachers ?? null, b.staffing?.parents ?? null,
            b.note !== undefined, b.note ?? null,
          ],
        );
        const { version: _version, ...changed } = b;
        await addSchoolEvent(client, { schoolId: old.school_id, actorId: user.id, action: 'guard_post_update', data: { guardPostId: postId, changed } });
        return guardPostJson(client, postId);
      });
      return c.json({ guardPost: post });
    })

    .delete(
      '/guard-posts/:postId{[0-9]+}',
      validate('param', z.object({ postId: idParam })),
      validate('query', z.object({ version: z.coerce.number({ message: 'the version you read is required' }).int('must be a whole number') })),
      async (c) => {
        const user = currentUser(c, ...WRITERS);
        const { postId } = c.req.valid('param');
        const { version } = c.req.valid('query');
        await withTransaction(deps.pool, async (client) => {
          const old = await postForWrite(client, user, postId, version);
          const was = await guardPostJson(client, postId);
          await client.query(`DELETE FROM guard_posts WHERE id = $1`, [postId]);
          await addSchoolEvent(client, { schoolId: old.school_id, actorId: user.id, action: 'guard_post_delete', data: { guardPost: was } });
        });
        return c.json({ guardPost: null, id: postId });
      },
    );
}
