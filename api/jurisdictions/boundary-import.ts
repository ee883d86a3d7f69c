import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Hono } from 'hono';
import { z } from 'zod';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { inTransaction } from '../db/transaction';
import { answerOrJob } from '../jobs/jobs';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { INPUT_CRS, toWgs84, type InputCrs } from '../lib/china-crs';
import { receiveBody } from '../lib/raw-upload';
import { jobProgress } from '../lib/request-context';
import { sqlFile } from '../lib/sql-file';
import { validate } from '../lib/validate';
import { detectFormat, geoJsonSource, NetworkFileError, shapefileSource, type FeatureSource } from '../roads/network-source';

const MATCH_SQL = sqlFile(new URL('./match.sql', import.meta.url));
const APPLY_SQL = sqlFile(new URL('./apply.sql', import.meta.url));

const MAX_BYTES = 100 * 1024 * 1024;
const MAX_INFLATED = 512 * 1024 * 1024;
const MAX_FEATURES = 5000;

/** Attribute names a boundary file uses for a township's code and name, tried in order (case aside). */
const GUESSES = {
  code: ['code', 'xzqhdm', 'xzqdm', '行政区划代码', '区划代码', '代码', 'adcode', 'gb', 'dm'],
  name: ['name', 'name_zh', '名称', '乡镇名称', '乡镇', '街道', 'xzqmc', 'xzmc', 'township', 'mc'],
} as const;

const Query = z.object({
  name: z.string().max(200).optional(),
  preview: z.enum(['true', 'false']).optional(),
  crs: z.enum(INPUT_CRS).optional(),
  codeField: z.string().max(100).optional(),
  nameField: z.string().max(100).optional(),
});

/** Each position of a GeoJSON geometry's coordinates (any nesting) through `f`. */
function mapPositions(c: unknown, f: (x: number, y: number) => [number, number]): unknown {
  if (Array.isArray(c) && typeof c[0] === 'number') return f(c[0], c[1] as number);
  return Array.isArray(c) ? c.map((x) => mapPositions(x, f)) : c;
}

function guess(fields: string[], given: string | undefined, names: readonly string[], param: string): string | null {
  if (given !== undefined && given !== '') {
    if (!fields.includes(given)) throw ApiError.badParam(param, `no field "${given.slice(0, 40)}" in the file (it has ${fields.slice(0, 20).join(', ')})`, 'column_missing');
    return given;
  }
  const lower = new Map(fields.map((f) => [f.toLowerCase(), f]));
  for (const n of names) if (lower.has(n)) return lower.get(n)!;
  return null;
}

interface FeatureRow {
  feature: number;
  status: 'saved' | 'rejected';
  id?: string;
  township?: string;
  county?: string;
  matchedBy?: 'code' | 'name';
  field?: string;
  reason?: string;
  rule?: string;
}

const REASONS: Record<string, string> = {
  not_polygon: 'not an area (a township boundary is a Polygon or MultiPolygon)',
  bad_geometry: 'the geometry cannot be read',
  empty: 'the area is empty once made valid',
  outside_liaocheng: 'the area does not lie in Liaocheng',
  no_township: 'no township of its county has this name or code',
  ambiguous: 'several townships of its county have this name without 镇/乡/街道: give the full name or the code',
};

/**
 * POST /api/jurisdictions/import (admins): township boundaries as GeoJSON or a zipped Shapefile,
 * the file as the body. Each area is matched to a township (code, else name in its county); the
 * matched ones replace the approximate Voronoi cells (cut to their county), the townships left
 * approximate share the rest of their county, and what is filed by township (hazards,
 * intersections, markets, schools, lights, accidents) is placed again. The answer has a row per feature, as
 * the row imports do (docs/API.md).
 */
export function boundaryImportRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().post('/import', validate('query', Query), async (c) => {
    const user = currentUser(c, 'admin');
    const q = c.req.valid('query');
    const preview = q.preview === 'true';
    const upload = await receiveBody(c, MAX_BYTES, 'a boundary file', 'GeoJSON or a zipped Shapefile of township areas');
    const format = detectFormat(upload.head);
    if (format !== 'geojson' && format !== 'shapefile') {
      fs.rmSync(upload.file, { force: true });
      throw new ApiError('bad_request', 'Township boundaries must be GeoJSON (a FeatureCollection of polygons) or a zipped Shapefile (.shp, .dbf, .prj).', [{ field: 'file', reason: 'not a boundary format', rule: 'format' }]);
    }
    const work = async () => {
      try {
        const bytes = new Uint8Array(fs.readFileSync(upload.file));
        const source = format === 'geojson' ? geoJsonSource(bytes) : await shapefileSource(bytes, MAX_INFLATED);
        return await importBoundaries(deps, source, { preview, crs: q.crs ?? null, codeField: q.codeField, nameField: q.nameField, name: (q.name ?? 'boundaries').replace(/\u0000/g, '').slice(0, 100) });
      } catch (e) {
        if (e instanceof NetworkFileError) throw new ApiError('bad_request', `The boundary file cannot be read: ${e.message}.`, [{ field: 'file', reason: e.message, rule: e.rule }]);
        throw e;
      } finally {
        fs.rmSync(upload.file, { force: true });
      }
    };
    return answerOrJob(c, deps.pool, 'import:boundaries', user.id, work, { commits: !preview });
  });
}

async function importBoundaries(deps: AppDeps, source: FeatureSource, o: { preview: boolean; crs: InputCrs | null; codeField?: string; nameField?: string; name: string }) {
  const codeField = guess(source.fields, o.codeField, GUESSES.code, 'codeField');
  const nameField = guess(source.fields, o.nameField, GUESSES.name, 'nameField');
  if (!codeField && !nameField) {
    throw new ApiError('bad_request', `The boundary file has no field for a township's code or name (it has ${source.fields.slice(0, 20).join(', ') || 'none'}): name one with codeField or nameField.`, [{ field: 'file', reason: 'no code or name field', rule: 'column_missing' }], { fields: source.fields });
  }
  const crs: InputCrs = source.proj ? 'wgs84' : o.crs ?? 'wgs84';
  const rows: FeatureRow[] = [];
  const staged: { seq: number; code: string | null; name: string | null; geojson: string }[] = [];
  let n = 0;
  for await (const f of source.features) {
    n++;
    if (n > MAX_FEATURES) throw new ApiError('bad_request', `A boundary file may hold at most ${MAX_FEATURES} areas.`, [{ field: 'file', reason: 'too many features', rule: 'too_many' }]);
    const g = f.geometry as { type?: unknown; coordinates?: unknown } | null;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) {
      rows.push({ feature: n, status: 'rejected', field: 'geometry', rule: 'not_polygon', reason: REASONS.not_polygon });
      continue;
    }
    const props = f.properties ?? {};
    const text = (k: string | null) => (k === null || props[k] === null || props[k] === undefined ? null : String(props[k]).replace(/\u0000/g, '').trim().slice(0, 100) || null);
    const coordinates = crs === 'wgs84' ? g.coordinates : mapPositions(g.coordinates, (x, y) => toWgs84(x, y, crs));
    staged.push({ seq: n, code: text(codeField)?.replace(/\D/g, '') || null, name: text(nameField), geojson: JSON.stringify({ type: g.type, coordinates }) });
  }
  jobProgress(n, n);
  const id = randomUUID().replace(/-/g, '').slice(0, 12);
  const stage = `boundary_stage_${id}`;
  const matches = `boundary_matches_${id}`;
  const named = (sql: string) => sql.replaceAll('{stage}', stage).replaceAll('{matches}', matches);
  const client = await deps.pool.connect();
  try {
    await client.query(`CREATE TEMP TABLE ${stage} (seq integer PRIMARY KEY, code text, name text, geom geometry)`);
    for (const s of staged) {
      // One at a time in a savepoint: a geometry PostGIS cannot read is that feature's error, not the file's.
      await client.query('BEGIN');
      try {
        await client.query(
          `INSERT INTO ${stage} (seq, code, name, geom)
           SELECT $1, $2, $3, CASE WHEN $5::text IS NULL THEN ST_SetSRID(g, 4326) ELSE ST_Transform(g, $5::text, 4326) END
           FROM ST_GeomFromGeoJSON($4) g`,
          [s.seq, s.code, s.name, s.geojson, source.proj],
        );
        await client.query('COMMIT');
      } catch {
        await client.query('ROLLBACK');
        rows.push({ feature: s.seq, status: 'rejected', field: 'geometry', rule: 'bad_geometry', reason: REASONS.bad_geometry });
      }
    }
    const m = await client.query<{ seq: number; township: string | null; townshipName: string | null; matchedBy: 'code' | 'name' | null; county: string | null; rule: string | null }>(named(MATCH_SQL));
    // A township named twice (two features, or two parts) takes them together.
    const bySeq = new Map(staged.map((x) => [x.seq, x]));
    for (const r of m.rows) {
      const s = bySeq.get(r.seq)!;
      if (r.rule) rows.push({ feature: r.seq, status: 'rejected', field: r.rule === 'no_township' || r.rule === 'ambiguous' ? 'name' : 'geometry', rule: r.rule, reason: `${REASONS[r.rule]}${s.name || s.code ? ` (${s.name ?? s.code})` : ''}` });
      else rows.push({ feature: r.seq, status: 'saved', id: r.township!, township: r.townshipName!, county: r.county ?? undefined, matchedBy: r.matchedBy! });
    }
    rows.sort((a, b) => a.feature - b.feature);
    const saved = rows.filter((r) => r.status === 'saved');
    const townships = [...new Set(saved.map((r) => r.id!))];
    const counties = [...new Set(saved.map((r) => r.county!))];
    const answer = {
      ...(o.preview && { preview: true }),
      saved: saved.length,
      rejected: rows.length - saved.length,
      townships: townships.length,
      fields: { all: source.fields, code: codeField, name: nameField },
      crs: source.proj ? { from: 'prj' as const } : { from: o.crs ? ('form' as const) : ('default' as const), crs },
      rows,
    };
    if (o.preview || !saved.length) return answer;
    await client.query(`CREATE TEMP TABLE ${matches} (seq integer PRIMARY KEY, township text NOT NULL)`);
    await client.query(`INSERT INTO ${matches} SELECT * FROM unnest($1::int[], $2::text[])`, [saved.map((r) => r.feature), saved.map((r) => r.id!)]);
    const placed = await inTransaction(client, async (tx) => {
      for (const statement of named(APPLY_SQL).split(/;\s*\n/).filter((x) => x.trim())) await tx.query(statement);
      return placeAgain(tx, counties);
    }, { statementTimeoutMs: 10 * 60_000 });
    await client.query('ANALYZE jurisdictions');
    const left = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM jurisdictions WHERE level = 'township' AND approximate`)).rows[0].n;
    return { ...answer, placedAgain: placed, approximateLeft: left };
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${matches}, ${stage}`).catch(() => undefined);
    client.release();
  }
}

/** What is filed by township, in the counties whose areas changed, placed in the township that now holds it: how many moved, by table. */
async function placeAgain(tx: import('pg').ClientBase, counties: string[]) {
  const tables: [string, string][] = [
    ['hazards', 'x.geom'],
    ['intersections', 'x.geom'],
    ['markets', 'ST_ClosestPoint(x.geom, ST_Centroid(x.geom))'],
    ['schools', 'x.geom'],
    ['lights', 'x.geom'],
    ['accidents', 'x.geom'],
  ];
  const moved: Record<string, number> = {};
  for (const [table, point] of tables) {
    const r = await tx.query(
      `UPDATE ${table} y SET township_code = n.code
       FROM ${table} x CROSS JOIN LATERAL (
         SELECT (SELECT t.code FROM jurisdictions t WHERE t.level = 'township' AND t.parent_code = x.county_code
                 AND ST_Intersects(t.geom, ${point}) ORDER BY t.code LIMIT 1) AS code) n
       WHERE y.id = x.id AND x.county_code = ANY($1) AND x.township_code IS DISTINCT FROM n.code`,
      [counties],
    );
    moved[table] = r.rowCount ?? 0;
  }
  return moved;
}
