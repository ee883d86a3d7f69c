import { strFromU8, unzipSync } from 'fflate';
import { open as openShapefile } from 'shapefile';
import { OSM_HIGHWAY_CLASSES, refClass, ROAD_CLASSES, type RoadClass } from '@shared/roads/road-classes';
import { inflatedSize, InflateLimitError } from '../lib/zip-reader';

/** What is wrong with a whole file (not one of its roads): a 400 naming `file` with this rule. */
export class NetworkFileError extends Error {
  constructor(message: string, readonly rule: string) {
    super(message);
  }
}

/** One line of the source as read: its key in the source, its coordinates [lon, lat, lon, lat …] and attributes. */
export interface SourceWay {
  key: string;
  coordinates: number[];
  props: Record<string, unknown>;
}

export type NetworkFormat = 'osm.pbf' | 'geojson' | 'shapefile';

/** The format by the file's first bytes (its name can lie): an OSMHeader block, a zip archive, or JSON. */
export function detectFormat(head: Uint8Array): NetworkFormat | null {
  if (head.length >= 15 && Buffer.from(head.subarray(4, 32)).includes('OSMHeader')) return 'osm.pbf';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'shapefile';
  const text = Buffer.from(head.subarray(0, 64)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return text.startsWith('{') ? 'geojson' : null;
}

/** Which attribute holds what, and each class value's class (null: not a road to import). */
export interface NetworkMapping {
  class: string | null;
  values: Record<string, RoadClass | null>;
  name: string | null;
  ref: string | null;
  speed: string | null;
  lit: string | null;
}

/** Attribute names a road authority's or a converter's file uses, tried in order (case aside). */
const FIELD_GUESSES: Record<Exclude<keyof NetworkMapping, 'values'>, string[]> = {
  class: ['highway', 'fclass', '道路等级', '等级', '技术等级', '行政等级', 'roadclass', 'road_class', 'class', 'kind', 'type'],
  name: ['name:zh', 'name', '道路名称', '名称', '路名', 'roadname', 'road_name', 'name_chn'],
  ref: ['ref', '路线编号', '道路编号', '编号', 'roadcode', 'road_code', 'code'],
  speed: ['maxspeed', '设计速度', '设计时速', '限速', 'speed', 'max_speed'],
  lit: ['lit', '照明', '路灯'],
};

/** Class values a Chinese road file or an OSM-derived one writes, besides the classes' own names. */
const CLASS_WORDS: Record<string, RoadClass> = {
  ...OSM_HIGHWAY_CLASSES,
  ...Object.fromEntries(ROAD_CLASSES.map((c) => [c, c])),
  高速公路: 'expressway', 高速: 'expressway', 国道: 'national', 省道: 'provincial', 县道: 'county', 乡道: 'township',
  村道: 'village', 快速路: 'urban_arterial', 主干路: 'urban_arterial', 主干道: 'urban_arterial', 城市主干路: 'urban_arterial',
  次干路: 'urban_street', 次干道: 'urban_street', 支路: 'urban_street', 街道: 'urban_street',
};

/** The mapping the import uses unless the user's form says otherwise: fields guessed from the names present. */
export function guessMapping(fields: string[], format: NetworkFormat, given: Partial<NetworkMapping> = {}): NetworkMapping {
  const guess = (key: keyof typeof FIELD_GUESSES) => {
    if (given[key] !== undefined) return given[key];
    const lower = new Map(fields.map((f) => [f.toLowerCase(), f]));
    for (const g of FIELD_GUESSES[key]) if (lower.has(g)) return lower.get(g)!;
    return null;
  };
  return {
    class: format === 'osm.pbf' ? 'highway' : guess('class'),
    values: { ...(format === 'osm.pbf' ? OSM_HIGHWAY_CLASSES : CLASS_WORDS), ...given.values },
    name: format === 'osm.pbf' ? 'name' : guess('name'),
    ref: format === 'osm.pbf' ? 'ref' : guess('ref'),
    speed: format === 'osm.pbf' ? 'maxspeed' : guess('speed'),
    lit: format === 'osm.pbf' ? 'lit' : guess('lit'),
  };
}

export interface RoadAttributes {
  class: RoadClass;
  name: string | null;
  ref: string | null;
  speed: number | null;
  lit: boolean;
}

const text = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const s = String(v).replace(/\u0000/g, '').trim();
  return s ? s.slice(0, 100) : null;
};

/** A speed as OSM's maxspeed or a road file writes it ("60", "60 km/h", "30 mph", 60), km/h, or null. */
export function parseSpeed(v: unknown): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph)?/i.exec(String(v ?? ''));
  if (!m) return null;
  const kmh = Math.round(Number(m[1]) * (m[2]?.toLowerCase() === 'mph' ? 1.609344 : 1));
  return kmh >= 5 && kmh <= 140 ? kmh : null;
}

const LIT_WORDS = new Set(['yes', 'true', '1', 'y', '是', '有', 'automatic', '24/7', 'limited', 'interval']);

/** A way's attributes under the mapping, or its class value when that maps to no class (null: no value). */
export function roadAttributes(props: Record<string, unknown>, m: NetworkMapping): RoadAttributes | { skip: string } {
  const value = m.class === null ? null : text(props[m.class]);
  const mapped = value === null ? undefined : m.values[value] ?? m.values[value.toLowerCase()];
  if (!mapped) return { skip: value ?? '' };
  const ref = m.ref === null ? null : text(props[m.ref]);
  // A numbered road's class is its number's (G105 is a national road whatever the source calls it); expressways stay.
  const cls = mapped === 'expressway' ? mapped : refClass(ref) ?? mapped;
  const name = (m.class === 'highway' ? text(props['name:zh']) : null) ?? (m.name === null ? null : text(props[m.name]));
  return {
    class: cls,
    name,
    ref,
    speed: m.speed === null ? null : parseSpeed(props[m.speed]),
    lit: m.lit !== null && LIT_WORDS.has(String(props[m.lit] ?? '').trim().toLowerCase()),
  };
}

/** A feature refused, with why: its number in the file (1-based) and the reason. */
export interface RejectedFeature {
  feature: number;
  key: string;
  reason: string;
  rule: string;
}

/** The lines of a GeoJSON or shapefile feature, or why they cannot be read; null: not a line (points, areas). */
function featureLines(geometry: unknown, lonLat: boolean): number[][] | null | { reason: string; rule: string } {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object') return { reason: 'no geometry', rule: 'no_geometry' };
  let parts: unknown[];
  if (g.type === 'LineString') parts = [g.coordinates];
  else if (g.type === 'MultiLineString' && Array.isArray(g.coordinates)) parts = g.coordinates;
  else if (typeof g.type === 'string' && ['Point', 'MultiPoint', 'Polygon', 'MultiPolygon', 'GeometryCollection'].includes(g.type)) return null;
  else return { reason: `not a GeoJSON geometry (type ${String(g.type).slice(0, 30)})`, rule: 'bad_geometry' };
  const lines: number[][] = [];
  for (const part of parts) {
    if (!Array.isArray(part)) return { reason: 'coordinates are not a list of positions', rule: 'bad_geometry' };
    const flat: number[] = [];
    for (const p of part) {
      if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        return { reason: 'a position is not two numbers', rule: 'bad_geometry' };
      }
      if (lonLat && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90)) {
        return { reason: `(${p[0]}, ${p[1]}) is not a longitude and latitude: a projected file needs its coordinate system (a Shapefile's .prj)`, rule: 'not_lon_lat' };
      }
      if (!lonLat && (Math.abs(p[0]) > 1e8 || Math.abs(p[1]) > 1e8)) return { reason: `(${p[0]}, ${p[1]}) is too far out for any coordinate system`, rule: 'bad_geometry' };
      if (flat.length && flat[flat.length - 2] === p[0] && flat[flat.length - 1] === p[1]) continue;
      flat.push(p[0], p[1]);
    }
    if (flat.length >= 4) lines.push(flat);
  }
  if (!lines.length) return { reason: 'a line needs two different points', rule: 'bad_geometry' };
  return lines;
}

export interface FeatureSource {
  /** The attribute names present, for the mapping form. */
  fields: string[];
  /** The source's own coordinate system as PROJ understands it (a .prj's WKT, "EPSG:4548"), null: longitude/latitude. */
  proj: string | null;
  /** How many features, when known before reading them. */
  total: number | null;
  features: AsyncIterable<{ geometry: unknown; properties: Record<string, unknown> | null; id?: unknown }>;
}

/** Lines of a GeoJSON or shapefile source, in batches; features that are not lines are counted, bad ones reported. */
export async function* featureWays(
  source: FeatureSource,
  stats: { read: number; notLines: number; rejected: RejectedFeature[]; rejectedCount: number },
): AsyncGenerator<SourceWay[]> {
  let batch: SourceWay[] = [];
  let n = 0;
  for await (const f of source.features) {
    n++;
    stats.read++;
    const key = f.id !== undefined && f.id !== null && String(f.id).length <= 60 ? `id/${String(f.id)}` : `feature/${n}`;
    const lines = featureLines(f.geometry, source.proj === null);
    if (lines === null) {
      stats.notLines++;
      continue;
    }
    if (!Array.isArray(lines)) {
      stats.rejectedCount++;
      if (stats.rejected.length < 500) stats.rejected.push({ feature: n, key, ...lines });
      continue;
    }
    lines.forEach((coordinates, i) => batch.push({ key: lines.length > 1 ? `${key}#${i}` : key, coordinates, props: f.properties ?? {} }));
    if (batch.length >= 2000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** An EPSG code named by an old-style GeoJSON `crs` member (QGIS writes one for projected files), as PROJ takes it. */
function geoJsonProj(crs: unknown): string | null {
  const name = (crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name !== 'string') return null;
  const m = /EPSG:+(\d{4,6})$/i.exec(name);
  if (!m || m[1] === '4326' || name.endsWith('CRS84')) return null;
  return `EPSG:${m[1]}`;
}

/** A GeoJSON FeatureCollection (or one Feature) of road lines. */
export function geoJsonSource(bytes: Uint8Array): FeatureSource {
  let doc: { type?: unknown; features?: unknown; crs?: unknown };
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new NetworkFileError(`not valid JSON (${(e as Error).message.slice(0, 80)})`, 'not_json');
  }
  const features = doc?.type === 'FeatureCollection' && Array.isArray(doc.features) ? doc.features : doc?.type === 'Feature' ? [doc] : null;
  if (!features) throw new NetworkFileError('not a GeoJSON FeatureCollection of road lines', 'not_geojson');
  const fields = new Set<string>();
  for (const f of features.slice(0, 1000)) for (const k of Object.keys((f as { properties?: object })?.properties ?? {})) fields.add(k);
  return {
    fields: [...fields],
    proj: geoJsonProj(doc.crs),
    total: features.length,
    features: (async function* () {
      for (const f of features) yield (f && typeof f === 'object' ? f : { geometry: null, properties: null }) as { geometry: unknown; properties: Record<string, unknown> | null; id?: unknown };
    })(),
  };
}

/** A .cpg's code page as TextDecoder names it: Chinese files are often GBK (936). */
function dbfEncoding(cpg: string | null): string | null {
  if (cpg === null) return null;
  const c = cpg.trim().toLowerCase();
  if (/^(cp)?936$|gbk|gb2312|gb18030/.test(c)) return 'gb18030';
  if (/utf-?8|65001/.test(c)) return 'utf-8';
  return null;
}

/** A zipped Shapefile (.shp, .dbf and, if projected, .prj; .cpg for the text's code page) of road lines. */
export async function shapefileSource(bytes: Uint8Array, maxInflated: number): Promise<FeatureSource> {
  const wanted = (n: string) => /\.(shp|dbf|prj|cpg)$/i.test(n) && !n.startsWith('__MACOSX/');
  try {
    await inflatedSize(bytes, wanted, maxInflated);
  } catch (e) {
    if (e instanceof InflateLimitError) throw new NetworkFileError(`the archive unpacks to more than ${maxInflated / 1048576} MB (${e.message})`, 'too_large_unpacked');
    throw new NetworkFileError((e as Error).message, 'not_zip');
  }
  const files = unzipSync(bytes, { filter: (f) => wanted(f.name) });
  const names = Object.keys(files);
  const shps = names.filter((n) => /\.shp$/i.test(n));
  if (shps.length !== 1) {
    throw new NetworkFileError(shps.length ? `the archive holds several shapefiles (${shps.join(', ').slice(0, 120)}): send one` : 'the archive holds no .shp file', shps.length ? 'several_shapefiles' : 'no_shp');
  }
  const base = shps[0].slice(0, -4);
  const part = (ext: string) => names.find((n) => n.toLowerCase() === `${base}.${ext}`.toLowerCase());
  const dbfName = part('dbf');
  if (!dbfName) throw new NetworkFileError(`${base}.dbf is missing: a shapefile's attributes (name, class) are in it`, 'no_dbf');
  const prjName = part('prj');
  const cpgName = part('cpg');
  const prj = prjName ? strFromU8(files[prjName]).trim() : null;
  const shp = files[shps[0]];
  const dbf = files[dbfName];
  let encoding = dbfEncoding(cpgName ? strFromU8(files[cpgName]) : null);
  if (!encoding) {
    // No code page named: UTF-8 if the attributes read as UTF-8, else GB18030 (which holds GBK).
    const probe = await openShapefile(shp, dbf, { encoding: 'utf-8' });
    encoding = 'utf-8';
    for (let r = await probe.read(); !r.done; r = await probe.read()) {
      if (Object.values(r.value.properties ?? {}).some((v) => typeof v === 'string' && v.includes('\uFFFD'))) {
        encoding = 'gb18030';
        break;
      }
    }
  }
  const open = () => openShapefile(shp, dbf, { encoding: encoding! }).catch((e: Error) => {
    throw new NetworkFileError(`the shapefile cannot be read (${e.message.slice(0, 80)})`, 'bad_shapefile');
  });
  const first = await open();
  const head = await first.read().catch(() => ({ done: true, value: null }));
  const fields = Object.keys(head.value?.properties ?? {});
  return {
    fields,
    // A geographic .prj (WGS84 or CGCS2000, a metre apart) needs no transformation.
    proj: prj && !/^\s*GEOGCS\[[^\]]*(WGS_?1984|WGS 84|China_2000|CGCS_?2000)/i.test(prj) ? prj : null,
    total: null,
    features: (async function* () {
      const src = await open();
      for (;;) {
        let r;
        try {
          r = await src.read();
        } catch (e) {
          throw new NetworkFileError(`the shapefile is damaged (${(e as Error).message.slice(0, 80)})`, 'bad_shapefile');
        }
        if (r.done) return;
        yield r.value;
      }
    })(),
  };
}
