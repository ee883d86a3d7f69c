import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type pg from 'pg';
import { z } from 'zod';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { ApiError } from '../lib/api-error';
import { validate } from '../lib/validate';
import { idParam } from '../lib/values';
import type { AppDeps } from '../lib/app-deps';
import { MAX_PHOTO_BYTES, MAX_PHOTOS_PER_UPLOAD, preparePhoto, type Photo } from './photos';
import type { SessionUser } from '../auth/accounts';
import type { Actor, HazardState } from './state-machine';
import { actorFor, addEvent, readHazard, visibleTo, type HazardRow } from './store';

const IdParam = z.object({ id: idParam });

const ATTACHMENT_JSON = `json_build_object(
  'id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'bytes', a.bytes,
  'width', a.width, 'height', a.height, 'eventId', a.event_id,
  'url', '/api/attachments/' || a.id, 'thumbUrl', '/api/attachments/' || a.id || '/thumb',
  'uploadedAt', a.uploaded_at, 'uploadedBy', json_build_object('username', u.username, 'displayName', u.display_name))`;

/** A hazard's photos (those of `ids` only, if given), oldest first, without the images. */
export async function attachmentsOf(db: pg.Pool | pg.PoolClient, hazardId: number, ids: number[] | null = null): Promise<unknown[]> {
  const r = await db.query<{ j: unknown }>(
    `SELECT ${ATTACHMENT_JSON} AS j FROM attachments a JOIN users u ON u.id = a.uploaded_by
     WHERE a.hazard_id = $1 AND ($2::int[] IS NULL OR a.id = ANY ($2)) ORDER BY a.id`,
    [hazardId, ids],
  );
  return r.rows.map((x) => x.j);
}

/** Why this user may not add photos to the hazard now, or null if they may: officers of its brigade, admins, the assigned unit's liaisons; not once closed. */
export function photoRefusal(user: SessionUser, actor: Actor, status: HazardState): ApiError | null {
  if (user.role === 'leader') return new ApiError('forbidden', 'A leader may not add photos.', [{ reason: 'role' }]);
  if (user.role === 'officer' && !actor.inScope) return new ApiError('forbidden', 'This hazard lies outside your brigade’s area.', [{ reason: 'scope' }]);
  if (user.role === 'liaison' && !actor.ofAssignedUnit) return new ApiError('forbidden', 'This hazard is not assigned to your unit.', [{ reason: 'unit' }]);
  if (status === 'closed') return new ApiError('conflict', 'A closed hazard takes no more photos; reopen it first.', [{ reason: 'state' }]);
  return null;
}

async function mayAddPhotos(db: pg.Pool | pg.PoolClient, user: SessionUser, h: HazardRow | null, id: number): Promise<void> {
  if (!h) throw new ApiError('not_found', `No hazard ${id}`);
  const refusal = photoRefusal(user, await actorFor(db, user, h), h.status);
  if (refusal) throw refusal;
}

/** POST /hazards/:id/attachments: photos, by anyone who may act on the hazard now. */
export function hazardUploadRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().post(
    '/:id{[0-9]+}/attachments',
    bodyLimit({
      maxSize: MAX_PHOTOS_PER_UPLOAD * MAX_PHOTO_BYTES + 1024 * 1024,
      onError: () => {
        throw new ApiError('payload_too_large', `At most ${MAX_PHOTOS_PER_UPLOAD} photos of ${MAX_PHOTO_BYTES / 1048576} MB each per upload.`, [
          { field: 'file', reason: 'too large' },
        ]);
      },
    }),
    validate('param', IdParam),
    async (c) => {
      const user = currentUser(c, 'officer', 'admin', 'liaison');
      const { id } = c.req.valid('param');
      const form = await c.req.parseBody({ all: true }).catch(() => {
        throw new ApiError('bad_request', 'Send the photos as multipart/form-data, field "file".', [{ field: 'file', reason: 'not multipart' }]);
      });
      const files = [form.file ?? []].flat().filter((f): f is File => f instanceof File);
      if (!files.length) throw new ApiError('bad_request', 'No photo: send one or more files in the field "file".', [{ field: 'file', reason: 'missing' }]);
      if (files.length > MAX_PHOTOS_PER_UPLOAD) {
        throw new ApiError('bad_request', `At most ${MAX_PHOTOS_PER_UPLOAD} photos per upload.`, [{ field: 'file', reason: 'too many' }]);
      }
      const note = typeof form.note === 'string' && form.note.trim() ? form.note.trim().slice(0, 2000) : null;
      // Who may add photos is asked before any image is decoded, and again under the row lock.
      await mayAddPhotos(deps.pool, user, await readHazard(deps.pool, id, false), id);
      // Every file is checked before anything is saved: one bad file saves none.
      const photos: Photo[] = [];
      for (const f of files) photos.push(await preparePhoto(f));
      const ids = await withTransaction(deps.pool, async (client) => {
        const h = await readHazard(client, id, true);
        await mayAddPhotos(client, user, h, id);
        // The upload is an event of its own; its photos point at it (attachments.event_id).
        const eventId = await addEvent(client, { hazardId: id, actorId: user.id, action: 'photos', from: h!.status, to: h!.status, note });
        const saved: number[] = [];
        for (const p of photos) {
          const r = await client.query<{ id: number }>(
            `INSERT INTO attachments (hazard_id, event_id, filename, content_type, bytes, width, height, data, thumb, uploaded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
            [id, eventId, p.filename, p.contentType, p.data.length, p.width, p.height, p.data, p.thumb, user.id],
          );
          saved.push(r.rows[0].id);
        }
        return saved;
      });
      return c.json({ attachments: await attachmentsOf(deps.pool, id, ids) }, 201);
    },
  );
}

/** GET /attachments/:id and /attachments/:id/thumb, for whoever may see the hazard. */
export function attachmentsRoutes(deps: AppDeps) {
  const send = (thumb: boolean) => async (c: Context<AuthEnv>) => {
    const user = currentUser(c);
    // Checked by validate('param', IdParam) before this runs.
    const id = Number(c.req.param('id'));
    const v = visibleTo(user, 2);
    const r = await deps.pool.query<{ data: Buffer; content_type: string; visible: boolean; filename: string }>(
      `SELECT ${thumb ? 'a.thumb' : 'a.data'} AS data, ${thumb ? `'image/jpeg'` : 'a.content_type'} AS content_type, a.filename, ${v.sql} AS visible
       FROM attachments a JOIN hazards h ON h.id = a.hazard_id WHERE a.id = $1`,
      [id, ...v.params],
    );
    if (!r.rowCount) throw new ApiError('not_found', `No photo ${id}`);
    if (!r.rows[0].visible) throw new ApiError('forbidden', `Photo ${id} belongs to a hazard you may not see.`, [{ reason: 'scope' }]);
    const { data, content_type, filename } = r.rows[0];
    return c.body(new Uint8Array(data), 200, {
      'Content-Type': content_type,
      'Cache-Control': 'private, max-age=86400, immutable',
      'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(filename)}`,
    });
  };
  return new Hono<AuthEnv>().get('/:id{[0-9]+}', validate('param', IdParam), send(false)).get('/:id{[0-9]+}/thumb', validate('param', IdParam), send(true));
}
