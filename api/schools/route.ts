import { Hono } from 'hono';
import type { AuthEnv } from '../auth/middleware';
import type { AppDeps } from '../lib/app-deps';
import { auditRoutes } from './audit-routes';
import { guardPostRoutes } from './guard-post-routes';
import { schoolReadRoutes } from './read-routes';
import { schoolZonesRoutes } from './zones-route';

/** /api/schools: school surroundings (校园周边) — schools, gates, zones, guard posts, audits. */
export function schoolsRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .route('/', schoolZonesRoutes(deps))
    .route('/', schoolReadRoutes(deps))
    .route('/', auditRoutes(deps))
    .route('/', guardPostRoutes(deps));
}
