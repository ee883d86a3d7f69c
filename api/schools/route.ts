import { Hono } from 'hono';
import type { AuthEnv } from '../auth/middleware';
import type { AppDeps } from '../lib/app-deps';
import { auditRoutes } from './audit-routes';
import { guardPostRoutes } from './guard-post-routes';
import { schoolImportRoutes } from './import';
import { schoolReadRoutes } from './read-routes';
import { schoolWriteRoutes } from './school-write-routes';
import { schoolSettingsRoutes } from './settings-routes';
import { schoolZonesRoutes } from './zones-route';

/** /api/schools: school surroundings (校园周边) — schools and their gates, zones, guard posts, audits, imports. */
export function schoolsRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .route('/', schoolZonesRoutes(deps))
    .route('/', schoolSettingsRoutes(deps))
    .route('/', schoolReadRoutes(deps))
    .route('/', schoolWriteRoutes(deps))
    .route('/', schoolImportRoutes(deps))
    .route('/', auditRoutes(deps))
    .route('/', guardPostRoutes(deps));
}
