import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import type { AuthEnv } from '../auth/middleware';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { analysisWindow, checkCalendar } from '../lib/analysis-window';
import { geojson } from '../lib/geojson-response';
import { dateParam } from '../lib/query-params';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';
import { analyseMarkets, type MarketAnalysisParams } from './analysis';
import { FDR, findMarketCandidates } from './candidates';
import { harvestRoutes } from './harvest';
import { addDays, chinaToday, marketFilters, resolveMarketFilters } from './params';
import { marketWriteRoutes } from './write-routes';

const LIST_SQL = sqlFile(new URL('./list.sql', import.meta.url));
const SCHEDULE_SQL = sqlFile(new URL('./schedule.sql', import.meta.url));
const NEXT_DAYS_SQL = sqlFile(new URL('./next-days.sql', import.meta.url));

/** The analysis window when none is given: the three years ending at the newest accident. */
export const DEFAULT_YEARS = 3;
/**
 * The cycle finder's window when none is given: five years, since a market's crashes are few and
 * it needs several years of them (on the demo's seeds it finds 20 of 34 unregistered markets in
 * five years, 13 in three).
 */
export const CANDIDATE_YEARS = 5;
/** How many ranked markets an analysis returns at most (the rollups are always whole). */
const MAX_LIMIT = 5000;
const NEXT_DAYS = 10;

const ListQuery = z.object({ date: dateParam.optional(), ...marketFilters });

const AnalysisWindow = {
  from: dateParam.optional(),
  to: dateParam.optional(),
  buffer: z.coerce
    .number({ message: 'must be a number of metres' })
    .refine(Number.isFinite, 'must be a number of metres')
    .gt(0, 'must be more than 0 m')
    .max(2000, 'must be at most 2000 m')
    .optional(),
};

const AnalysisQuery = z.object({
  ...AnalysisWindow,
  ...marketFilters,
  limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`).default(1000),
});

/** The cycle finder's clusters: DBSCAN reach in metres and the fewest crashes a cluster takes. */
const CandidatesQuery = z.object({
  ...AnalysisWindow,
  county: marketFilters.county,
  brigade: marketFilters.brigade,
  township: marketFilters.township,
  eps: z.coerce.number({ message: 'must be a number of metres' }).int('must be a whole number of metres').min(50, 'must be at least 50 m').max(1000, 'must be at most 1000 m').default(300),
  minPoints: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(5, 'must be at least 5').max(500, 'must be at most 500').default(6),
  limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(100),
});

const DetailQuery = z.object({ date: dateParam.optional(), ...AnalysisWindow });

const IdParam = z.object({
  id: z.coerce.number().int().min(1, 'must be a market id').max(2_147_483_647, 'is not a market id (too large)'),
});

/**
 * The analysis window (analysisWindow: the `years` ending at the newest accident unless given,
 * checked against the calendar) and the buffer (app_settings market_buffer_m unless given).
 * Exported for the bench.
 */
export async function resolveWindow(pool: pg.Pool, q: { from?: string; to?: string; buffer?: number }, years = DEFAULT_YEARS) {
  const w = await analysisWindow(pool, q, years, { calendar: true });
  const buffer = q.buffer ?? Number((await pool.query<{ value: string }>(`SELECT value FROM app_settings WHERE key = 'market_buffer_m'`)).rows[0]?.value ?? 200);
  return { ...w, buffer };
}

/** /api/markets: roadside markets (马路市场), when they meet, and the market-day analysis. */
export function marketsRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .route('/', marketWriteRoutes(deps))
    .route('/', harvestRoutes(deps))
    .get('/', validate('query', ListQuery), async (c) => {
      const q = c.req.valid('query');
      const f = await resolveMarketFilters(deps.pool, q);
      const date = q.date ?? chinaToday();
      await checkCalendar(deps.pool, [{ param: 'date', from: date, to: date }]);
      const r = await deps.pool.query<{ fc: string }>(LIST_SQL, [date, f.county, f.township, f.statuses, null]);
      return geojson(c, r.rows[0].fc);
    })

    .get('/schedule', validate('query', ListQuery), async (c) => {
      const q = c.req.valid('query');
      const f = await resolveMarketFilters(deps.pool, q);
      const date = q.date ?? chinaToday();
      await checkCalendar(deps.pool, [{ param: 'date', from: date, to: addDays(date, 6) }]);
      const r = await deps.pool.query<{ days: unknown[] }>(SCHEDULE_SQL, [date, f.county, f.township, f.statuses]);
      return c.json({ date, days: r.rows[0].days });
    })

    .get('/analysis', validate('query', AnalysisQuery), async (c) => {
      const q = c.req.valid('query');
      const f = await resolveMarketFilters(deps.pool, q);
      const w = await resolveWindow(deps.pool, q);
      const started = Date.now();
      const params: MarketAnalysisParams = { ...w, county: f.county, township: f.township, statuses: f.statuses, marketId: null, weights: deps.env.EPDO_WEIGHTS };
      const result = await analyseMarkets(deps.pool, params);
      return c.json({
        from: w.from, to: w.to, buffer: w.buffer, epdoWeights: deps.env.EPDO_WEIGHTS,
        total: result.markets.length, limit: q.limit, ms: Date.now() - started,
        markets: result.markets.slice(0, q.limit), byCounty: result.byCounty, byTownship: result.byTownship,
      });
    })

    // Before /:id (which takes digits only, so could not take this path either).
    .get('/candidates', validate('query', CandidatesQuery), async (c) => {
      const q = c.req.valid('query');
      const f = await resolveMarketFilters(deps.pool, q);
      const w = await resolveWindow(deps.pool, q, CANDIDATE_YEARS);
      const started = Date.now();
      const params = { from: w.from, to: w.to, eps: q.eps, minPoints: q.minPoints, buffer: w.buffer, county: f.county, township: f.township };
      const r = await findMarketCandidates(deps.pool, params);
      return c.json({
        from: w.from, to: w.to,
        params: { eps: q.eps, minPoints: q.minPoints, buffer: w.buffer, fdr: FDR, county: f.county, township: f.township },
        tested: r.tested, excluded: r.excluded, considered: r.considered,
        total: r.candidates.length, limit: q.limit, ms: Date.now() - started,
        candidates: r.candidates.slice(0, q.limit),
      });
    })

    .get('/:id{[0-9]+}', validate('param', IdParam), validate('query', DetailQuery), async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const date = q.date ?? chinaToday();
      await checkCalendar(deps.pool, [{ param: 'date', from: date, to: date }]);
      const r = await deps.pool.query<{ fc: string }>(LIST_SQL, [date, null, null, null, id]);
      const feature = (JSON.parse(r.rows[0].fc) as { features: { geometry: unknown; properties: Record<string, unknown> }[] }).features[0];
      if (!feature) throw new ApiError('not_found', `No market ${id}`);
      const w = await resolveWindow(deps.pool, q);
      const [next, analysis] = await Promise.all([
        deps.pool.query<{ days: unknown[] }>(NEXT_DAYS_SQL, [id, date, NEXT_DAYS]),
        analyseMarkets(deps.pool, { ...w, county: null, township: null, statuses: null, marketId: id, weights: deps.env.EPDO_WEIGHTS }),
      ]);
      return c.json({
        ...feature.properties,
        geometry: feature.geometry,
        nextDays: next.rows[0].days,
        analysis: { from: w.from, to: w.to, buffer: w.buffer, ...analysis.markets[0] },
      });
    });
}
