import { Hono } from 'hono';
import type { AuthEnv } from '../auth/middleware';
import type { AppDeps } from '../lib/app-deps';

/** Writes to markets (create, change, status, import): filled in by the following commits. */
export function marketWriteRoutes(_deps: AppDeps) {
  return new Hono<AuthEnv>();
}
