import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';
import { requestId, type RequestIdVariables } from 'hono/request-id';
import { accidentImportRoutes } from './accidents/import';
import { accidentsRoutes, BINARY_ACCIDENTS_TYPE } from './accidents/route';
import { csrfMiddleware, requireSession, sessionMiddleware, type AuthEnv } from './auth/middleware';
import { authRoutes } from './auth/route';
import { configRoutes } from './config/route';
import { attachmentsRoutes } from './hazards/attachments';
import { hazardsRoutes } from './hazards/route';
import { evaluationRoutes } from './evaluation/route';
import { healthRoutes } from './health/route';
import { jobsRoutes } from './jobs/route';
import { hotspotsRoutes } from './hotspots/route';
import { intersectionsRoutes } from './intersections/route';
import { obstaclesRoutes } from './obstacles/route';
import { boundaryImportRoutes } from './jurisdictions/boundary-import';
import { jurisdictionsRoutes } from './jurisdictions/route';
import { lightsRoutes } from './lights/route';
import { marketsRoutes } from './markets/route';
import { ApiError } from './lib/api-error';
import { DATABASE_RETRY_AFTER_S, isDatabaseUnavailable, isStatementCancelled } from './lib/db-errors';
import { markCancellable } from './lib/time-limit';
import { ClientGoneError, runWithRequest } from './lib/request-context';
import { ResultCache } from './lib/result-cache';
import { clientFiles } from './lib/client-files';
import { securityHeaders } from './lib/security-headers';
import type { AppDeps } from './lib/app-deps';
import { placesRoutes } from './places/route';
import { roadImportRoutes } from './roads/import';
import { postImportRoutes } from './roads/post-import';
import { roadsRoutes } from './roads/route';
import { dashboardRoutes } from './dashboard/route';
import { briefingRoutes } from './briefing/route';
import { schoolsRoutes } from './schools/route';
import { searchRoutes } from './search/route';
import { unitsRoutes } from './units/route';
import { REVALIDATED, revalidated } from './lib/revalidate';

function apiRoutes(deps: AppDeps) {
  return new Hono()
    .route('/auth', authRoutes(deps))
    .route('/health', healthRoutes(deps))
    .route('/config', configRoutes(deps))
    .route('/jurisdictions', boundaryImportRoutes(deps))
    .route('/jurisdictions', jurisdictionsRoutes(deps))
    .route('/roads', roadImportRoutes(deps))
    .route('/roads/posts', postImportRoutes(deps))
    .route('/roads', roadsRoutes(deps))
    .route('/dashboard', dashboardRoutes(deps))
    .route('/briefing', briefingRoutes(deps))
    .route('/places', placesRoutes(deps))
    .route('/search', searchRoutes(deps))
    .route('/accidents', accidentImportRoutes(deps))
    .route('/accidents', accidentsRoutes(deps))
    .route('/hazards', hazardsRoutes(deps))
    .route('/attachments', attachmentsRoutes(deps))
    .route('/units', unitsRoutes(deps))
    .route('/hotspots', hotspotsRoutes(deps))
    .route('/intersections', intersectionsRoutes(deps))
    .route('/obstacles', obstaclesRoutes(deps))
    .route('/markets', marketsRoutes(deps))
    .route('/schools', schoolsRoutes(deps))
    .route('/lights', lightsRoutes(deps))
    .route('/evaluation', evaluationRoutes(deps))
    .route('/jobs', jobsRoutes(deps));
}

/** The typed API surface, for `hc<AppType>` in the client. */
export type AppType = ReturnType<typeof apiRoutes>;

export interface CreateAppOptions {
  /** Built client to serve at `/` (dist/client); omitted in API-only tests. */
  staticDir?: string;
}

export function createApp(given: AppDeps, opts: CreateAppOptions = {}) {
  const deps: AppDeps = { ...given, cache: given.cache ?? new ResultCache() };
  if (deps.engine === 'postgres') markCancellable(deps.pool);
  const app = new Hono<{ Variables: RequestIdVariables & AuthEnv['Variables'] }>();
  app.use(requestId());
  // Work a request starts (a queued analysis, a running query on native PostgreSQL) stops when its client goes away.
  app.use((c, next) => runWithRequest({ signal: c.req.raw.signal, memo: c.req.method === 'GET' ? new Map() : undefined }, next));
  app.use(securityHeaders(deps.env));
  // A refusal (a 413 before the body was read, a 400 on the first bad field) may leave the rest of
  // the body on a kept-alive connection, where it would be read as the next request: such an
  // answer closes the connection, and the client opens a new one.
  app.use('/api/*', async (c, next) => {
    await next();
    const body = c.req.raw.headers.has('transfer-encoding') || Number(c.req.raw.headers.get('content-length') ?? 0) > 0;
    if (body && c.res.status >= 400) c.res.headers.set('Connection', 'close');
  });
  // The binary accident form still gains ~35 % from gzip (the sorted day column repeats).
  app.use(
    '/api/*',
    compress({ contentTypeFilter: (type) => COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) || type.startsWith(BINARY_ACCIDENTS_TYPE) }),
  );

  for (const [path, when] of REVALIDATED) app.use(path, revalidated(when));

  app.onError((err, c) => {
    const requestId = c.get('requestId');
    if (err instanceof ClientGoneError) {
      // Nobody reads this answer; the log says the work stopped and why.
      console.info(`[api] ${requestId} ${c.req.method} ${c.req.path}: the client went away; its work was dropped`);
      return c.body(null, 499 as never);
    }
    if (err instanceof ApiError) {
      if (typeof err.extra.retryAfter === 'number') c.header('Retry-After', String(err.extra.retryAfter));
      return c.json({ error: { code: err.code, message: err.message, details: err.details, requestId, ...err.extra } }, err.status);
    }
    if (isDatabaseUnavailable(err)) {
      console.error(`[api] ${requestId} ${c.req.method} ${c.req.path}: database unavailable: ${err.message}`);
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
      return c.json({ error: { code: 'unavailable', message: 'The database is not available right now (restarting?); try again in a few seconds.', details: [{ reason: 'database_unavailable' }], requestId } }, 503);
    }
    if (isStatementCancelled(err)) {
      console.error(`[api] ${requestId} ${c.req.method} ${c.req.path}: stopped at its time limit: ${err.message}`);
      return c.json({ error: { code: 'unavailable', message: 'The request took longer than its time limit and was stopped; ask for less (a smaller area or window).', details: [{ reason: 'time_limit', rule: 'time_limit' }], requestId } }, 503);
    }
    console.error(`[api] ${requestId} ${c.req.method} ${c.req.path}:`, err);
    return c.json({ error: { code: 'internal', message: 'Internal error; the server log has the details.', details: [], requestId } }, 500);
  });

  app.use('/api/*', sessionMiddleware(deps), csrfMiddleware());
  if (deps.env.PUBLIC_MAP === '0') {
    for (const path of ['/api/accidents', '/api/accidents/*', '/api/hotspots/*', '/api/intersections', '/api/intersections/*', '/api/obstacles', '/api/obstacles/*', '/api/markets', '/api/markets/*', '/api/schools', '/api/schools/*', '/api/lights', '/api/lights/*', '/api/evaluation']) app.use(path, requireSession());
  }
  app.route('/api', apiRoutes(deps));
  app.all('/api/*', (c) => {
    throw new ApiError('not_found', `No API route ${c.req.method} ${c.req.path}`);
  });

  if (opts.staticDir) app.route('/', clientFiles(opts.staticDir));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `Nothing at ${c.req.path}`, details: [], requestId: c.get('requestId') } }, 404));
  return app;
}
