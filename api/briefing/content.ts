import { chinaToday, dayNumber, isoDate } from '@shared/calendar/day-number';
import type { z } from 'zod';
import type { AppDeps } from '../lib/app-deps';
import { sqlFile } from '../lib/sql-file';
import { withTimeLimit } from '../lib/time-limit';
import { readDashboard, readHotspotChange, type DashboardAnswer, type DashboardQuery } from '../dashboard/route';
import { shiftDate } from '../hotspots/params';
import { renderMap, type MapPart } from './map-image';

const OVERDUE_SQL = sqlFile(new URL('./overdue.sql', import.meta.url));
const FOUND_SQL = sqlFile(new URL('./found.sql', import.meta.url));
const PARTS_SQL = sqlFile(new URL('./map-parts.sql', import.meta.url));
const PLACES_SQL = sqlFile(new URL('./places.sql', import.meta.url));
const CLUSTERS_SQL = sqlFile(new URL('../hotspots/clusters.sql', import.meta.url));

/** The briefing's hotspots: DBSCAN clusters of at least this many crashes within this many metres, over the 12 months to the period's end. */
export const HOTSPOT_RULE = { eps: 50, minPoints: 3, months: 12, top: 10 } as const;

export interface BriefingHotspot {
  rank: number;
  township: string | null;
  road: string | null;
  count: number;
  deaths: number;
  injuries: number;
  epdo: number;
  /** Change in crashes on the same months a year before, as a share; null with none then. */
  change: number | null;
  centroid: [number, number];
}

/** Everything a briefing says, in the order it says it: the .docx and the PDF are two drawings of this. */
export interface BriefingContent {
  dashboard: DashboardAnswer;
  /** Hotspots of the period against the period before (the dashboard's). */
  hotspotChange: Awaited<ReturnType<typeof readHotspotChange>>;
  /** Today (China), the day the briefing was made. */
  madeOn: string;
  hotspotWindow: { from: string; to: string };
  hotspots: BriefingHotspot[];
  overdue: { brigade: string; unit: string; n: number; maxDays: number }[];
  found: { type: string; n: number }[];
  /** The map of the area's parts (coloured by grade) and its hotspots, as a PNG. */
  map: { png: Uint8Array; width: number; height: number };
  /** Whether any of the accidents is synthetic (the demo world): the briefing says so on its first page. */
  synthetic: boolean;
}

/** Reads a briefing's content for a user and the dashboard's query (the same scope and period rules). */
export async function readBriefing(deps: AppDeps, user: { scope: { code: string; name: string } }, q: z.infer<typeof DashboardQuery>): Promise<BriefingContent> {
  const [dashboard, hotspotChange] = await Promise.all([readDashboard(deps, user, q), readHotspotChange(deps, user, q)]);
  const code = dashboard.area.code;
  const { from, to } = dashboard.period;
  const hotspotWindow = { from: isoDate(dayNumber(shiftDate(to, -1)) + 1), to };
  const w = deps.env.EPDO_WEIGHTS;
  const clusterArgs = [
    hotspotWindow.from, hotspotWindow.to, HOTSPOT_RULE.eps, HOTSPOT_RULE.minPoints, null, null,
    dashboard.area.level === 'city' ? null : [code], w.fatal, w.injury, w.pdo, 5, HOTSPOT_RULE.top,
  ];
  const fc = (await withTimeLimit(deps.pool, (client) => client.query<{ fc: string }>(CLUSTERS_SQL, clusterArgs), 'the briefing’s hotspots', 'choose a smaller area')).rows[0].fc;
  type ClusterProps = { rank: number; count: number; deaths: number; injuries: number; epdo: number; centroid: [number, number]; previous: { count: number } };
  const clusters = (JSON.parse(fc) as { features: { properties: ClusterProps }[] }).features.map((f) => f.properties);
  const places = clusters.length
    ? (await deps.pool.query<{ i: number; township: string | null; road: string | null }>(PLACES_SQL, [clusters.map((c) => c.centroid[0]), clusters.map((c) => c.centroid[1])])).rows
    : [];
  const hotspots = clusters.map((c, i) => ({
    rank: c.rank, township: places[i]?.township ?? null, road: places[i]?.road ?? null,
    count: c.count, deaths: c.deaths, injuries: c.injuries, epdo: c.epdo,
    change: c.previous.count ? (c.count - c.previous.count) / c.previous.count : null,
    centroid: c.centroid,
  }));
  const exclusiveTo = isoDate(dayNumber(to) + 1);
  const [overdue, found, parts, synthetic] = await Promise.all([
    deps.pool.query(OVERDUE_SQL, [code]),
    deps.pool.query(FOUND_SQL, [code, from, exclusiveTo]),
    deps.pool.query<MapPart>(PARTS_SQL, [code]),
    deps.pool.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM accidents WHERE synthetic) AS any'),
  ]);
  const grades = new Map(dashboard.parts.map((p) => [p.code, p.grade]));
  if (dashboard.area.level === 'township') grades.set(code, dashboard.total.grade);
  const map = renderMap({
    title: `${dashboard.area.name}事故多发点分布（${hotspotWindow.from} 至 ${hotspotWindow.to}）`,
    parts: parts.rows.map((p) => ({ ...p, grade: grades.get(p.code) ?? null })),
    hotspots: hotspots.map((h) => ({ rank: h.rank, centroid: h.centroid, count: h.count })),
  });
  return { dashboard, hotspotChange, madeOn: chinaToday(), hotspotWindow, hotspots, overdue: overdue.rows, found: found.rows, map, synthetic: synthetic.rows[0].any };
}
