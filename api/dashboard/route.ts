import { Hono } from 'hono';
import { z } from 'zod';
import { chinaToday } from '@shared/calendar/day-number';
import { lastDay, PERIOD_KINDS, PeriodError, periodBefore, periodOf, sameLastYear, type Period } from '@shared/dashboard/period';
import { change, DASHBOARD_READERS, per } from '@shared/dashboard/kpi';
import { gradeOf, type ParsedGradeRule } from '@shared/dashboard/grading';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { sqlFile } from '../lib/sql-file';
import { withTimeLimit } from '../lib/time-limit';
import { DASHBOARD_INDICATORS } from './indicator-registry';
import { validate } from '../lib/validate';

const KPIS_SQL = sqlFile(new URL('./kpis.sql', import.meta.url));
const SERIES_SQL = sqlFile(new URL('./series.sql', import.meta.url));
const HOTSPOT_CHANGE_SQL = sqlFile(new URL('./hotspot-change.sql', import.meta.url));

/** The dashboard's hotspots: DBSCAN clusters of at least 3 crashes within 50 m, this period against the one before. */
export const HOTSPOT_CHANGE_RULE = { eps: 50, minPoints: 3 } as const;

/** Each feature's number for the area and period (indicator-registry.ts). */
async function readIndicators(deps: AppDeps, code: string, period: Period) {
  return Promise.all(
    DASHBOARD_INDICATORS.map(async (i) => {
      const row = (await deps.pool.query<{ value: number; detail: number | null }>(i.sql, [code, period.from, period.to])).rows[0];
      return { id: i.id, name: i.name, nameEn: i.nameEn, value: row.value, detail: i.detail ? { ...i.detail, value: row.detail } : null };
    }),
  );
}

type Monthly = { accidents: (number | null)[]; deaths: (number | null)[]; injuries: (number | null)[] };

/**
 * The area month by month through the year the period ends in, against the year before: twelve
 * numbers each, null for a month not yet begun (China time).
 */
async function monthlySeries(deps: AppDeps, code: string, year: number, today: string) {
  const rows = (await deps.pool.query<{ month: string; accidents: number; deaths: number; injuries: number }>(SERIES_SQL, [code, `${year - 1}-01-01`, `${year + 1}-01-01`])).rows;
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const months = (y: number) => Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`);
  const series = (y: number): Monthly => {
    const ms = months(y);
    const pick = (k: 'accidents' | 'deaths' | 'injuries') => ms.map((m) => (m > today.slice(0, 7) ? null : (byMonth.get(m)?.[k] ?? 0)));
    return { accidents: pick('accidents'), deaths: pick('deaths'), injuries: pick('injuries') };
  };
  return { year, months: months(year).map((m) => m.slice(5)), thisYear: series(year), lastYear: series(year - 1) };
}

/** The year of the residents counted in jurisdictions.population (data/…/population-371500.csv: 2023 year-end). */
export const POPULATION_YEAR = 2023;

const text = (max: number) => z.string().max(max).refine((s) => !s.includes('\u0000'), 'contains a NUL character');

export const DashboardQuery = z.object({
  period: z.enum(PERIOD_KINDS).default('ytd'),
  at: text(10).optional(),
  from: text(10).optional(),
  to: text(10).optional(),
  area: z.string().regex(/^\d{6,12}$/, 'a jurisdiction code (371500, 371524, 371524101)').optional(),
});

interface KpiRow {
  /** Null for the row `unplaced`: the area's own crashes and hazards in none of its parts (kpis.sql). */
  code: string | null; name: string; nameEn: string | null; level: 'city' | 'county' | 'township'; population: number | null; approximate: boolean; whole: boolean; unplaced: boolean;
  accidents: number; deaths: number; injuries: number; epdo: number;
  ly_accidents: number; ly_deaths: number; ly_injuries: number; ly_epdo: number;
  prev_accidents: number; prev_deaths: number; prev_injuries: number; prev_epdo: number;
  found: number; closed: number; real_found: number; rectified: number; overdue: number; open: number;
}

const days = (p: Period) => ({ from: p.from, to: lastDay(p) });

/** One area's (or part's) numbers as the dashboard shows them, with its 红黄绿 grade by `rules`. */
function shape(r: KpiRow, rules: ParsedGradeRule[]) {
  const now = { accidents: r.accidents, deaths: r.deaths, injuries: r.injuries, epdo: r.epdo };
  const lastYear = { accidents: r.ly_accidents, deaths: r.ly_deaths, injuries: r.ly_injuries, epdo: r.ly_epdo };
  const previous = { accidents: r.prev_accidents, deaths: r.prev_deaths, injuries: r.prev_injuries, epdo: r.prev_epdo };
  const keys = Object.keys(now) as (keyof typeof now)[];
  const yoy = Object.fromEntries(keys.map((k) => [k, change(now[k], lastYear[k])])) as Record<keyof typeof now, number | null>;
  const rectificationRate = r.real_found ? r.rectified / r.real_found : null;
  const deathsPer10k = per(r.deaths, r.population, 10_000);
  const deathsPer100k = per(r.deaths, r.population, 100_000);
  const grade = gradeOf(rules, {
    accidents: r.accidents, deaths: r.deaths, injuries: r.injuries, epdo: r.epdo,
    accidentsYoy: yoy.accidents, deathsYoy: yoy.deaths, injuriesYoy: yoy.injuries,
    accidentsChange: r.accidents - r.ly_accidents, deathsChange: r.deaths - r.ly_deaths, injuriesChange: r.injuries - r.ly_injuries,
    deathsPer10k, deathsPer100k,
    found: r.found, closed: r.closed, overdue: r.overdue, open: r.open, rectificationRate,
  });
  return {
    code: r.code, name: r.name, nameEn: r.nameEn, level: r.level, whole: r.whole, unplaced: r.unplaced, approximate: r.approximate, population: r.population,
    ...now,
    lastYear,
    previous,
    // 同比 and 环比 as a share (0.25 = +25 %); null where the earlier period had none.
    yoy,
    mom: Object.fromEntries(keys.map((k) => [k, change(now[k], previous[k])])),
    deathsPer10k,
    deathsPer100k,
    hazards: {
      found: r.found, closed: r.closed, rectified: r.rectified, overdue: r.overdue, open: r.open,
      // 整改率: of the hazards found in the period (invalid and duplicate ones are not hazards), the share rectified.
      rectificationRate,
    },
    // 红黄绿 and the ids of the rules that set it (none for green).
    grade: grade.grade,
    gradeRules: grade.rules,
  };
}

export type DashboardAnswer = Awaited<ReturnType<typeof readDashboard>>;

/** The period a query names and the area it asks for (default: the user's), or the 400 or 403 it deserves. */
async function resolveView(deps: AppDeps, user: { scope: { code: string; name: string } }, q: z.infer<typeof DashboardQuery>) {
  let period: Period;
  try {
    period = periodOf(q.period, q, chinaToday());
  } catch (e) {
    if (e instanceof PeriodError) throw ApiError.badParam(e.param, e.message);
    throw e;
  }
  const code = q.area ?? user.scope.code;
  const area = (await deps.pool.query<{ code: string; name: string; nameEn: string | null; level: string; inScope: boolean }>(
    `SELECT j.code, j.name, j.name_en AS "nameEn", j.level,
            ($2 = j.code OR $2 = j.parent_code OR $2 = (SELECT p.parent_code FROM jurisdictions p WHERE p.code = j.parent_code)
             OR (SELECT level FROM jurisdictions WHERE code = $2) = 'city') AS "inScope"
     FROM jurisdictions j WHERE j.code = $1`,
    [code, user.scope.code],
  )).rows[0];
  if (!area) throw ApiError.badParam('area', `no county or township has the code ${code}`, 'unknown');
  if (!area.inScope) throw new ApiError('forbidden', `${area.name} lies outside your area (${user.scope.name}).`, [{ param: 'area', reason: 'scope' }]);
  return { period, area };
}

/**
 * The leaders' numbers for an area (default: the user's own) and its parts, with 同比 and 环比,
 * deaths per 10 000 and 100 000 residents, and 红黄绿; the dashboard's and the briefing's. An area
 * outside the user's scope is a 403, a period that cannot be read a 400 naming its parameter.
 */
export async function readDashboard(deps: AppDeps, user: { scope: { code: string; name: string } }, q: z.infer<typeof DashboardQuery>) {
  const { period, area } = await resolveView(deps, user, q);
  const code = area.code;
  const [ly, prev] = [sameLastYear(period), periodBefore(period)];
  const w = deps.env.EPDO_WEIGHTS;
  const r = await deps.pool.query<KpiRow>(KPIS_SQL, [code, period.from, period.to, ly.from, ly.to, prev.from, prev.to, w.fatal, w.injury, w.pdo]);
  const rows = r.rows.filter((x) => x.whole || area.level !== 'township').map((x) => shape(x, deps.env.GRADE_RULES));
  const [series, indicators] = await Promise.all([monthlySeries(deps, code, Number(lastDay(period).slice(0, 4)), chinaToday()), readIndicators(deps, code, period)]);
  return {
    period: { kind: period.kind, ...days(period), partial: !!period.partial, lastYear: days(ly), previous: days(prev) },
    area: { code: area.code, name: area.name, nameEn: area.nameEn, level: area.level },
    populationYear: POPULATION_YEAR,
    epdoWeights: w,
    gradeRules: deps.env.GRADE_RULES.map(({ id, grade, name, nameEn, condition }) => ({ id, grade, name, nameEn: nameEn ?? null, condition })),
    total: rows.find((x) => x.whole)!,
    parts: rows.filter((x) => !x.whole),
    series,
    indicators,
  };
}

/**
 * Hotspots new, persistent and gone in the dashboard's area and period against the period before
 * (环比): clustering is heavier than the counts, so it is its own request, under the analyses'
 * time limit.
 */
export async function readHotspotChange(deps: AppDeps, user: { scope: { code: string; name: string } }, q: z.infer<typeof DashboardQuery>) {
  const { period, area } = await resolveView(deps, user, q);
  const prev = periodBefore(period);
  const r = await withTimeLimit(
    deps.pool,
    (client) => client.query<{ now: number; before: number; new: number; persistent: number; gone: number }>(HOTSPOT_CHANGE_SQL, [area.code, period.from, period.to, prev.from, prev.to, HOTSPOT_CHANGE_RULE.eps, HOTSPOT_CHANGE_RULE.minPoints]),
    'the hotspots of the period',
    'choose a shorter period or a smaller area',
  );
  return { period: { ...days(period), previous: days(prev) }, area: { code: area.code, name: area.name }, rule: HOTSPOT_CHANGE_RULE, ...r.rows[0] };
}

/** GET /api/dashboard?period=month|quarter|ytd|year|custom&at=&from=&to=&area=: readDashboard's answer; GET /api/dashboard/hotspots: readHotspotChange's. */
export function dashboardRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', validate('query', DashboardQuery), async (c) => {
      const user = currentUser(c, ...DASHBOARD_READERS);
      return c.json(await readDashboard(deps, user, c.req.valid('query')));
    })
    .get('/hotspots', validate('query', DashboardQuery), async (c) => {
      const user = currentUser(c, ...DASHBOARD_READERS);
      return c.json(await readHotspotChange(deps, user, c.req.valid('query')));
    });
}
