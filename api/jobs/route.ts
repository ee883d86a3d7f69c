import { Hono } from 'hono';
import { z } from 'zod';
import { currentUser, type AuthEnv } from '../auth/middleware';
import type { AppDeps } from '../lib/app-deps';
import { validate } from '../lib/validate';
import { idParam } from '../lib/values';
import { readJob } from './jobs';

/** GET /api/jobs/:id: a job of the signed-in user, with its progress and, once ended, its result or error. */
export function jobsRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/:id', validate('param', z.object({ id: idParam })), async (c) => {
    const user = currentUser(c);
    return c.json(await readJob(deps.pool, c.req.valid('param').id, user.id));
  });
}
