import type { Context } from 'hono';
import type { AppDeps } from './app-deps';
import { dataVersions } from './result-cache';

/** Sends GeoJSON that PostGIS already serialised, without parsing it in JS. */
export function geojson(c: Context, text: string) {
  return c.body(text, 200, { 'content-type': 'application/geo+json; charset=utf-8' });
}

/** The tables every accident analysis reads: a write to any of them is a new result. */
export const ACCIDENT_ANALYSIS_TABLES = ['accidents', 'jurisdictions', 'road_routes', 'roads'] as const;

/**
 * GeoJSON of an analysis from the cache (lib/result-cache.ts) when the same `name` and `params`
 * were computed on the same data, else computed now; `X-Cache` says which (hit, miss, shared).
 */
export async function cachedGeojson(c: Context, deps: AppDeps, name: string, params: unknown, compute: () => Promise<string>, tables: readonly string[] = ACCIDENT_ANALYSIS_TABLES) {
  const cache = deps.cache;
  if (!cache) return geojson(c, await compute());
  const versions = await dataVersions(deps.pool, tables);
  const key = `${name}|${versions}|${JSON.stringify(params)}`;
  const { text, state } = await cache.get(key, compute);
  c.header('X-Cache', state);
  // Megabytes of GeoJSON are compressed once, not on every request (the compress middleware
  // leaves an answer that already has its encoding alone).
  const zipped = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '') ? cache.gzipped(key) : null;
  if (zipped) {
    return c.body(new Uint8Array(await zipped), 200, { 'content-type': 'application/geo+json; charset=utf-8', 'content-encoding': 'gzip', vary: 'Accept-Encoding' });
  }
  return geojson(c, text);
}
