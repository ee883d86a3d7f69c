import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../lib/app-deps';
import { cachedGeojson } from '../lib/geojson-response';
import { withTimeLimit } from '../lib/time-limit';
import { orderedDates } from '../lib/query-params';
import { validate } from '../lib/validate';
import { analysisFilters, intParam, limitParam, resolveFilters } from './params';
import { BUILT_IN_RULE_SETS, parseRules, type ParsedRules } from './segment-rules';
import { segmentsQuery, STEPS_PER_WINDOW } from './segments-query';

const MAX_STEPS_PER_WINDOW = 50;

const SegmentsQuery = z
  .object({
    ...analysisFilters,
    window: intParam(50, 5000, ' m').optional(),
    step: intParam(10, 1000, ' m').optional(),
    years: intParam(3, 10).default(5),
    limit: limitParam,
    rules: z
      .string()
      .default('default')
      .transform((raw, ctx): ParsedRules => {
        try {
          return parseRules(raw);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
          return z.NEVER;
        }
      }),
  })
  .superRefine(orderedDates)
  .superRefine((q, ctx) => {
    if (q.step === undefined || q.window === undefined) return;
    if (q.step > q.window) {
      ctx.addIssue({ code: 'custom', path: ['step'], message: `step (${q.step} m) must not exceed window (${q.window} m)` });
    } else if (q.window % q.step !== 0) {
      ctx.addIssue({ code: 'custom', path: ['step'], message: `window (${q.window} m) must be a whole number of steps (${q.step} m)` });
    } else if (q.window / q.step > MAX_STEPS_PER_WINDOW) {
      ctx.addIssue({ code: 'custom', path: ['step'], message: `at most ${MAX_STEPS_PER_WINDOW} steps per window; use a step of at least ${Math.ceil(q.window / MAX_STEPS_PER_WINDOW)} m` });
    }
  });

/** GET /segments: sliding-window road segments (事故多发路段) flagged by rules; GET /segments/rules: the built-in sets. */
export function segmentsRoute(deps: AppDeps) {
  return new Hono()
    .get('/segments/rules', (c) => c.json(BUILT_IN_RULE_SETS))
    .get('/segments', validate('query', SegmentsQuery), async (c) => {
      const q = c.req.valid('query');
      const f = await resolveFilters(deps, q);
      const w = deps.env.EPDO_WEIGHTS;
      const { rules, clauses } = q.rules;
      const steps = q.window !== undefined && q.step !== undefined ? q.window / q.step : STEPS_PER_WINDOW;
      const { sql, readFrom } = segmentsQuery(rules, clauses, steps, f);
      const args = [
        f.from, f.to, q.window ?? null, q.step ?? null, f.severity, f.night, f.areas, w.fatal, w.injury, w.pdo,
        readFrom, JSON.stringify(rules), q.years, q.limit,
      ];
      return cachedGeojson(c, deps, `segments|${sql}`, args, async () => {
        const r = await withTimeLimit(deps.pool, (client) => client.query<{ fc: string; total: number }>(sql, args), 'road segment ranking', 'take a shorter window or a smaller area');
        const { fc, total } = r.rows[0];
        const meta = {
          from: f.from, to: f.to, total, limit: q.limit,
          window: q.window ?? (q.step ? q.step * STEPS_PER_WINDOW : null),
          step: q.step ?? (q.window ? q.window / STEPS_PER_WINDOW : null),
          rules: rules.map(({ id, name, nameEn, months, condition }) => ({ id, name, nameEn, months, condition })),
        };
        // The meta member goes in front, the rest untouched.
        return `{"meta":${JSON.stringify(meta)},${fc.slice(1)}`;
      });
    });
}
