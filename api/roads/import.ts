import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import { ROAD_CLASSES, type RoadClass } from '@shared/roads/road-classes';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { inTransaction } from '../db/transaction';
import { lockSightAnalysis } from '../intersections/analysis';
import { answerOrJob } from '../jobs/jobs';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { INPUT_CRS, toWgs84, type InputCrs } from '../lib/china-crs';
import { currentJobId, jobProgress } from '../lib/request-context';
import { sqlFile } from '../lib/sql-file';
import { receiveBody } from '../lib/raw-upload';
import { validate } from '../lib/validate';
import {
  detectFormat, featureWays, geoJsonSource, guessMapping, NetworkFileError, roadAttributes, shapefileSource,
  type FeatureSource, type NetworkFormat, type NetworkMapping, type RejectedFeature, type SourceWay,
} from './network-source';
import { readOsmPbf } from './osm-pbf';
import { analyseRebuiltTables, rebuildFromRoads } from './rebuild';

const CLIP_SQL = sqlFile(new URL('./clip.sql', import.meta.url));
const DOOMED_SQL = sqlFile(new URL('./doomed.sql', import.meta.url));
const SWAP_SQL = sqlFile(new URL('./swap.sql', import.meta.url));

/** Largest upload of each format: an OSM extract of Shandong is ~500 MB; GeoJSON is parsed whole. */
export const NETWORK_LIMITS = {
  'osm.pbf': 1024 * 1024 * 1024,
  geojson: 100 * 1024 * 1024,
  shapefile: 200 * 1024 * 1024,
  /** What a zipped shapefile's parts may unpack to. */
  inflated: 1024 * 1024 * 1024,
} as const;
const MAX_UPLOAD = NETWORK_LIMITS['osm.pbf'];
/** Longest any one statement of the swap may run (native): a whole city's rebuild and analysis take well under this. */
const SWAP_TIME_LIMIT_MS = 20 * 60_000;
/** The class values the preview lists (most frequent first). */
const MAX_VALUES = 60;

const MappingJson = z.strictObject({
  class: z.string().max(100).nullable().optional(),
  values: z.record(z.string().max(100), z.enum(ROAD_CLASSES).nullable()).optional(),
  name: z.string().max(100).nullable().optional(),
  ref: z.string().max(100).nullable().optional(),
  speed: z.string().max(100).nullable().optional(),
  lit: z.string().max(100).nullable().optional(),
});

const Query = z.object({
  name: z.string().max(200).optional(),
  mode: z.enum(['merge', 'replace']).default('merge'),
  preview: z.enum(['true', 'false']).optional(),
  crs: z.enum(INPUT_CRS).optional(),
  mapping: z.string().max(20_000).optional(),
});

/** The form's `mapping` (JSON): which attribute holds the class, name, ref, speed and lighting, and each class value's class. */
function parseMapping(raw: string | undefined): Partial<NetworkMapping> {
  if (raw === undefined || raw === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw ApiError.badParam('mapping', 'JSON: {"class": "field", "values": {"value": "class or null"}, "name": …}', 'not_json');
  }
  const r = MappingJson.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const at = ['mapping', ...issue.path.map(String)].join('.');
    throw new ApiError('bad_request', `Invalid parameter "mapping": ${at} ${issue.message}`, [{ param: 'mapping', path: at, reason: issue.message, rule: 'invalid' }]);
  }
  return r.data as Partial<NetworkMapping>;
}

const fileError = (e: NetworkFileError) => new ApiError('bad_request', `The road network cannot be read: ${e.message}.`, [{ field: 'file', reason: e.message, rule: e.rule }]);

interface ReadStats {
  read: number;
  /** Bytes of an .osm.pbf read so far. */
  bytes: number;
  notLines: number;
  outside: number;
  blocks: number;
  rejected: RejectedFeature[];
  rejectedCount: number;
  /** Each class value met (its attribute's), how often. */
  values: Map<string, number>;
}

function countValue(stats: ReadStats, raw: unknown) {
  const value = String(raw ?? '').trim().slice(0, 100);
  stats.values.set(value, (stats.values.get(value) ?? 0) + 1);
}

/** The source's lines by format; `fields` are the attribute names the mapping form offers. */
async function openSource(format: NetworkFormat, file: string, size: number, deps: AppDeps, stats: ReadStats, mapping: () => NetworkMapping) {
  if (format === 'osm.pbf') {
    const [w, s, e, n] = deps.extent;
    // A margin of ~2 km: a way crossing the city's edge keeps the node just outside, and is cut at the border in SQL.
    const bbox = [w - 0.02, s - 0.02, e + 0.02, n + 0.02] as typeof deps.extent;
    return {
      fields: ['highway', 'name', 'name:zh', 'ref', 'maxspeed', 'lit'],
      proj: null,
      total: size,
      // Only the ways whose class is wanted are cut out of the node store; the others are counted by value.
      ways: readOsmPbf(file, bbox, (tags) => {
        if (!('highway' in tags)) return false;
        stats.read++;
        countValue(stats, tags.highway);
        return !('skip' in roadAttributes(tags, mapping()));
      }, stats),
    };
  }
  if (size > NETWORK_LIMITS[format]) {
    throw new ApiError('payload_too_large', `A road network as ${format === 'geojson' ? 'GeoJSON' : 'a zipped Shapefile'} may be at most ${NETWORK_LIMITS[format] / 1048576} MB.`, [{ field: 'file', reason: 'too large', rule: 'too_large' }]);
  }
  const bytes = new Uint8Array(fs.readFileSync(file));
  const source: FeatureSource = format === 'geojson' ? geoJsonSource(bytes) : await shapefileSource(bytes, NETWORK_LIMITS.inflated);
  return { fields: source.fields, proj: source.proj, total: source.total, ways: featureWays(source, stats) };
}

/** "LINESTRING(x y, …)" of a flat coordinate list, in the given system turned into WGS84 when it is a Chinese one. */
function lineWkt(c: number[], crs: InputCrs): string {
  const pts: string[] = [];
  for (let i = 0; i < c.length; i += 2) {
    const [x, y] = crs === 'wgs84' ? [c[i], c[i + 1]] : toWgs84(c[i], c[i + 1], crs);
    pts.push(`${x} ${y}`);
  }
  return `LINESTRING(${pts.join(',')})`;
}

export function roadImportRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().post('/import', validate('query', Query), async (c) => {
    const user = currentUser(c, 'admin');
    const q = c.req.valid('query');
    const given = parseMapping(q.mapping);
    const preview = q.preview === 'true';
    const name = (q.name ?? 'network').replace(/\u0000/g, '').slice(0, 100);
    const upload = await receiveBody(c, MAX_UPLOAD, 'a road network', '.osm.pbf, GeoJSON or a zipped Shapefile');
    const format = detectFormat(upload.head);
    if (!format) {
      fs.rmSync(upload.file, { force: true });
      throw new ApiError('bad_request', 'The road network must be an OpenStreetMap .osm.pbf extract, a GeoJSON FeatureCollection of lines or a zipped Shapefile (.shp, .dbf, .prj).', [{ field: 'file', reason: 'not a road network format', rule: 'format' }]);
    }
    const work = () =>
      importNetwork(deps, { ...upload, format, name, mode: q.mode, preview, crs: q.crs ?? null, given, user })
        .catch((e: unknown) => {
          throw e instanceof NetworkFileError ? fileError(e) : e;
        })
        .finally(() => fs.rmSync(upload.file, { force: true }));
    return answerOrJob(c, deps.pool, 'import:roads', user.id, work, { commits: !preview });
  });
}

interface ImportInput {
  file: string;
  size: number;
  format: NetworkFormat;
  name: string;
  mode: 'merge' | 'replace';
  preview: boolean;
  crs: InputCrs | null;
  given: Partial<NetworkMapping>;
  user: { id: number; username: string };
}

/**
 * Reads the network into a session table (in batches, committed as they go: nothing real is
 * touched), cuts it to the counties, and, unless it is a preview, swaps it in, in one transaction:
 * the roads removed (all, or those it duplicates), the imported pieces in, the routes rebuilt and
 * every accident snapped again, the intersections rebuilt and their sight lines analysed.
 */
async function importNetwork(deps: AppDeps, input: ImportInput) {
  const started = Date.now();
  const id = randomUUID().replace(/-/g, '').slice(0, 12);
  const t = { stage: `road_stage_${id}`, pieces: `road_pieces_${id}`, doomed: `road_doomed_${id}` };
  const named = (sql: string) => sql.replaceAll('{stage}', t.stage).replaceAll('{pieces}', t.pieces).replaceAll('{doomed}', t.doomed);
  const stats: ReadStats = { read: 0, bytes: 0, notLines: 0, outside: 0, blocks: 0, rejected: [], rejectedCount: 0, values: new Map() };
  let mapping: NetworkMapping | null = null;
  const client = await deps.pool.connect();
  try {
    await client.query('SET statement_timeout = 0');
    await client.query(`CREATE TEMP TABLE ${t.stage} (seq serial, key text, class text, name text, ref text, speed integer, lit boolean, geom geometry(LineString, 4326))`);
    const source = await openSource(input.format, input.file, input.size, deps, stats, () => mapping!);
    mapping = guessMapping(source.fields, input.format, input.given);
    const crs: InputCrs = source.proj ? 'wgs84' : input.crs ?? 'wgs84';
    if (source.proj) await checkProj(client, source.proj);
    for await (const batch of source.ways) {
      const rows: { way: SourceWay; a: Exclude<ReturnType<typeof roadAttributes>, { skip: string }> }[] = [];
      for (const way of batch) {
        const a = roadAttributes(way.props, mapping);
        // A multi-part feature is counted once, by its first part.
        if (input.format !== 'osm.pbf' && !/#[1-9]\d*$/.test(way.key)) countValue(stats, mapping.class === null ? '' : way.props[mapping.class]);
        if (!('skip' in a)) rows.push({ way, a });
      }
      await client.query(
        `INSERT INTO ${t.stage} (key, class, name, ref, speed, lit, geom)
         SELECT key, class, name, ref, speed, lit,
                CASE WHEN $8::text IS NULL THEN ST_GeomFromText(wkt, 4326) ELSE ST_Transform(ST_GeomFromText(wkt), $8::text, 4326) END
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bool[], $7::text[]) AS t(key, class, name, ref, speed, lit, wkt)`,
        [rows.map((r) => r.way.key), rows.map((r) => r.a.class), rows.map((r) => r.a.name), rows.map((r) => r.a.ref),
         rows.map((r) => r.a.speed), rows.map((r) => r.a.lit), rows.map((r) => lineWkt(r.way.coordinates, crs)), source.proj],
      );
      // Reading is most of the work before the swap: bytes of an .osm.pbf, features of the others (0: how many is not known).
      if (input.format === 'osm.pbf') jobProgress(stats.bytes, input.size);
      else jobProgress(stats.read, source.total ?? 0);
    }
    // No ANALYZE: PGlite's PostGIS misjudges the selectivity of a freshly analysed small table ("invalid function selectivity").
    await client.query(`CREATE INDEX ON ${t.stage} USING gist (geom)`);
    await client.query(named(CLIP_SQL));
    const summary = (await client.query(named(`
      SELECT (SELECT count(DISTINCT seq) FROM {pieces})::int AS kept,
             (SELECT count(*) FROM {stage} s WHERE NOT EXISTS (SELECT 1 FROM {pieces} p WHERE p.seq = s.seq))::int AS outside,
             (SELECT count(*) FROM {pieces})::int AS pieces,
             (SELECT coalesce(json_agg(x ORDER BY array_position($1::text[], x.class)), '[]') FROM (
                SELECT class, count(*)::int AS roads, round((sum(ST_Length(geom_m)) / 1000)::numeric, 1)::float8 AS km
                FROM {pieces} GROUP BY class) x) AS "byClass",
             (SELECT json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) FROM (SELECT ST_Extent(geom) AS e FROM {stage}) b) AS extent`), [ROAD_CLASSES])).rows[0] as {
      kept: number; outside: number; pieces: number; byClass: { class: RoadClass; roads: number; km: number }[]; extent: number[] | null;
    };
    const read = {
      format: input.format,
      file: input.name,
      crs: source.proj ? { from: 'prj' as const, proj: source.proj.slice(0, 200) } : { from: input.crs ? ('form' as const) : ('default' as const), crs },
      fields: source.fields,
      mapping: { ...mapping, values: undefined },
      values: [...stats.values.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_VALUES)
        .map(([value, count]) => ({ value, count, class: mapping!.values[value] ?? mapping!.values[value.toLowerCase()] ?? null })),
      read: stats.read,
      notLines: stats.notLines,
      unmapped: [...stats.values.entries()].filter(([v]) => !(mapping!.values[v] ?? mapping!.values[v.toLowerCase()])).reduce((n, [, k]) => n + k, 0),
      outside: summary.outside + stats.outside,
      kept: summary.kept,
      rejected: stats.rejected,
      rejectedCount: stats.rejectedCount,
      byClass: summary.byClass,
      extent: summary.extent,
    };
    if (!summary.pieces) throw nothingToImport(read);
    await client.query(named(DOOMED_SQL), [input.mode === 'replace']);
    const counts = (await client.query(named(`
      SELECT (SELECT count(*) FROM {doomed})::int AS removed,
             (SELECT count(*) FROM {doomed} d JOIN roads r ON r.id = d.id WHERE r.synthetic)::int AS "removedSynthetic",
             (SELECT count(*) FROM roads)::int AS before`))).rows[0] as { removed: number; removedSynthetic: number; before: number };
    const network = { mode: input.mode, before: counts.before, removed: counts.removed, removedSynthetic: counts.removedSynthetic, added: summary.pieces, after: counts.before - counts.removed + summary.pieces };
    if (input.preview) return { preview: true, ...read, network, ms: Date.now() - started };

    const done = await inTransaction(client, async (tx) => {
      // Every analysis takes its locks in one order: the sight analysis' first.
      await lockSightAnalysis(tx);
      await tx.query('LOCK TABLE roads IN EXCLUSIVE MODE');
      // One statement at a time (a prepared statement holds one); only the INSERT takes parameters.
      for (const statement of named(SWAP_SQL).split(/;\s*\n/).filter((x) => x.trim())) {
        await tx.query(statement, statement.includes('$1') ? [currentJobId(), input.name, input.user.username] : []);
      }
      return rebuildFromRoads(tx, started, input.user.id);
    }, { statementTimeoutMs: SWAP_TIME_LIMIT_MS });
    await analyseRebuiltTables(client);
    const now = (await client.query(`
      SELECT (SELECT count(*) FROM roads)::int AS roads, (SELECT count(*) FROM roads WHERE synthetic)::int AS synthetic,
             (SELECT count(*) FROM road_routes)::int AS routes,
             (SELECT count(*) FROM accidents WHERE snap_route_id IS NOT NULL)::int AS "accidentsOnRoads"`)).rows[0];
    return { ...read, network: { ...network, ...now }, ...done, ms: Date.now() - started };
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${t.doomed}, ${t.pieces}, ${t.stage}`).catch(() => undefined);
    await client.query('RESET statement_timeout').catch(() => undefined);
    client.release();
  }
}

/** A .prj PROJ cannot read is the file's fault (400), not the server's. */
async function checkProj(client: pg.ClientBase, proj: string) {
  await client.query('SAVEPOINT prj').catch(() => undefined);
  const ok = await client
    .query<{ ok: boolean }>(`SELECT ST_Transform(ST_SetSRID(ST_MakePoint(500000, 4000000), 0), $1::text, 4326) IS NOT NULL AS ok`, [proj])
    .then((r) => r.rows[0]?.ok === true, () => false);
  if (!ok) throw new NetworkFileError(`its coordinate system (.prj) cannot be read: ${proj.slice(0, 80)}`, 'bad_prj');
}

/** Nothing of the file can go in: say why, with what the mapping form needs to fix it. */
function nothingToImport(read: { read: number; notLines: number; rejectedCount: number; rejected: RejectedFeature[]; values: { value: string; count: number; class: RoadClass | null }[]; extent: number[] | null }) {
  const extra = { read };
  const lines = read.read - read.notLines;
  let reason: string;
  let rule: string;
  if (!read.read) [reason, rule] = ['the file holds no roads', 'empty'];
  else if (!lines) [reason, rule] = ['the file holds no lines (only points or areas)', 'no_lines'];
  else if (read.rejectedCount === lines) [reason, rule] = [`no line could be read (feature ${read.rejected[0]?.feature}: ${read.rejected[0]?.reason})`, read.rejected[0]?.rule ?? 'bad_geometry'];
  else if (read.values.every((v) => v.class === null)) {
    [reason, rule] = [`no way's class is known: map the values of its class attribute (${read.values.slice(0, 5).map((v) => v.value || '(empty)').join(', ')}) to road classes`, 'no_classes'];
  } else {
    const e = read.extent;
    [reason, rule] = [`no road lies in Liaocheng${e ? ` (the file's roads lie within longitude ${e[0].toFixed(3)}–${e[2].toFixed(3)}, latitude ${e[1].toFixed(3)}–${e[3].toFixed(3)})` : ''}: is it in another coordinate system?`, 'outside_liaocheng'];
  }
  return new ApiError('bad_request', `Nothing to import: ${reason}.`, [{ field: 'file', reason, rule }], extra);
}
