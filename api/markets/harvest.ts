import { Hono } from 'hono';
import type { AuthEnv } from '../auth/middleware';
import type { AppDeps } from '../lib/app-deps';

/** GET /harvest: crashes and 占道晒粮 hazards by harvest season per township (filled in by a following commit). */
export function harvestRoutes(_deps: AppDeps) {
  return new Hono<AuthEnv>();
}
