import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth/middleware';
import type { SessionUser } from '../auth/accounts';
import { visibleTo } from '../hazards/store';
import type { AppDeps, BBox } from '../lib/app-deps';
import { INPUT_CRS, toWgs84, type InputCrs } from '../lib/china-crs';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';
import { NO_NUL, NOT_UNICODE, noNul, wellFormed } from '../lib/values';
import type pg from 'pg';
import { SEARCH_MAX_LENGTH, type SearchKind, type SearchResult } from '@shared/search/search-types';

const PLACES_SQL = sqlFile(new URL('./places.sql', import.meta.url));

/** How many finds of each kind, and in all. */
const PER_KIND = 6;
const MAX_RESULTS = 20;

/** `%text%` for ILIKE, its own wildcards escaped. */
const contains = (s: string) => `%${s.replace(/[\\%_]/g, '\\$&')}%`;

/** How people join two roads, most certain first; 和 also begins names (和平路), so last but the space. */
const CROSSING_JOINS = ['与', '&', '＆', '/', '／', '×', '*', '、', '和', ' '];

/** "东昌路与柳园路", "东昌路 柳园路口", "G105 & S254": the two road names of a crossing, or null. */
export function crossingTerms(q: string): [string, string] | null {
  // "…交叉口", "…十字路口"; "尹固村路路口" is 尹固村路 and its 路口, "柳园路口" 柳园路 and its 口.
  let bare = q.replace(/(?:交叉路口|十字路口|交叉口|交口)$/, '');
  if (/[路街道线]路口$/.test(bare)) bare = bare.slice(0, -2);
  else if (/[路街道线]口$/.test(bare)) bare = bare.slice(0, -1);
  for (const join of CROSSING_JOINS) {
    for (let i = bare.indexOf(join); i > 0; i = bare.indexOf(join, i + 1)) {
      const [a, b] = [bare.slice(0, i).trim(), bare.slice(i + join.length).trim()];
      // 和 joins two roads only after a road's name ("新和路和东昌路": not after 新).
      if (join === '和' && !/[路街道线]$/.test(a)) continue;
      if (a && b && a !== b) return [a, b];
    }
  }
  return null;
}

/**
 * Two numbers: a longitude and a latitude in either order (a phone's map app copies "lat,lon"),
 * told apart by China's ranges; null when the text is not a coordinate pair.
 */
export function coordinatePair(q: string): [number, number] | null {
  const m = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*(?:[,，;；]\s*|\s+)(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(q);
  if (!m) return null;
  const [x, y] = [Number(m[1]), Number(m[2])];
  const lon = (v: number) => v >= 73 && v <= 136;
  const lat = (v: number) => v >= 3 && v <= 54;
  if (lon(x) && lat(y)) return [x, y];
  if (lat(x) && lon(y)) return [y, x];
  return [x, y];
}

const inside = ([lon, lat]: [number, number], [w, s, e, n]: BBox) => lon >= w && lon <= e && lat >= s && lat <= n;

/** A coordinate pair read in each of the systems Chinese map apps copy: those that fall in Liaocheng. */
function coordinateResults(pair: [number, number], extent: BBox): SearchResult[] {
  return INPUT_CRS.flatMap((crs: InputCrs) => {
    const at = toWgs84(pair[0], pair[1], crs).map((v) => Math.round(v * 1e6) / 1e6) as [number, number];
    if (!inside(at, extent)) return [];
    const name = `${pair[0]}, ${pair[1]}`;
    return [{ kind: 'point' as const, key: crs, name, nameEn: null, detail: null, detailEn: null, at, bbox: null, shape: null, extra: { crs } }];
  });
}

interface Ranked extends SearchResult {
  rank: number;
  kind_order: number;
}

async function hazardResults(db: pg.Pool, user: SessionUser, q: string): Promise<Ranked[]> {
  const v = visibleTo(user, 3);
  const r = await db.query(
    `SELECT 'hazard' AS kind, h.id::text AS key, h.number AS name, NULL AS name_en,
            concat_ws(' · ', t.name, h.road_name) AS detail, concat_ws(' · ', t.name_en, h.road_name) AS detail_en,
            json_build_array(round(ST_X(h.geom)::numeric, 6), round(ST_Y(h.geom)::numeric, 6)) AS at,
            NULL AS bbox, NULL AS shape, json_build_object('status', h.status, 'type', h.type, 'id', h.id) AS extra,
            CASE WHEN h.number = $1 THEN 0 WHEN h.number ILIKE substr($2, 2) THEN 1 ELSE 2 END AS rank, -1 AS kind_order
     FROM hazards h LEFT JOIN jurisdictions t ON t.code = h.township_code
     WHERE ${v.sql} AND h.number ILIKE $2
     ORDER BY rank, h.number DESC
     LIMIT ${PER_KIND}`,
    [q, contains(q), ...v.params],
  );
  return r.rows.map(ranked);
}

const ranked = (r: Record<string, unknown>): Ranked => ({
  kind: r.kind as SearchKind,
  key: r.key as string,
  name: r.name as string,
  nameEn: (r.name_en as string | null) ?? null,
  detail: (r.detail as string | null) || null,
  detailEn: (r.detail_en as string | null) || null,
  at: (r.at as number[]).map(Number) as [number, number],
  bbox: r.bbox ? ((r.bbox as number[]).map(Number) as BBox) : null,
  shape: (r.shape as GeoJSON.Geometry | null) ?? null,
  extra: (r.extra as Record<string, unknown> | null) ?? null,
  rank: Number(r.rank),
  kind_order: Number(r.kind_order),
});

/**
 * GET /api/search?q=: the search box. Finds a place (county, township, village), a road by name or
 * number, an intersection by its two roads, a hazard by its number (signed in, within what the
 * user may read) and a coordinate pair (read as WGS-84, GCJ-02 and BD-09; those in Liaocheng).
 * Best first: the name itself, then names that begin so, then names that hold it.
 */
export function searchRoutes(deps: AppDeps) {
  const Query = z.object({
    q: z
      .string({ message: 'is required' })
      .trim()
      .min(1, 'must not be empty')
      .max(SEARCH_MAX_LENGTH, `must be at most ${SEARCH_MAX_LENGTH} characters`)
      .refine(noNul, NO_NUL)
      .refine(wellFormed, NOT_UNICODE),
  });
  return new Hono<AuthEnv>().get('/', validate('query', Query), async (c) => {
    const q = c.req.valid('query').q.replace(/\s+/g, ' ');
    const user = c.get('session')?.user ?? null;
    const pair = coordinatePair(q);
    if (pair) {
      const results = coordinateResults(pair, deps.extent);
      return c.json({ q, results, coordinate: { lon: pair[0], lat: pair[1], inLiaocheng: results.length > 0 } });
    }
    const crossing = crossingTerms(q);
    const places = await deps.pool.query(PLACES_SQL, [q, contains(q), crossing?.[0] ?? null, crossing?.[1] ?? null, PER_KIND]);
    const found = [...(user ? await hazardResults(deps.pool, user, q) : []), ...places.rows.map(ranked)];
    const results = found
      .sort((a, b) => a.rank - b.rank || a.kind_order - b.kind_order)
      .slice(0, MAX_RESULTS)
      .map(({ rank: _r, kind_order: _k, ...r }) => r);
    return c.json({ q, results, coordinate: null });
  });
}
