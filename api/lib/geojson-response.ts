import type { Context } from 'hono';

/** Sends GeoJSON that PostGIS already serialised, without parsing it in JS. */
export function geojson(c: Context, text: string) {
  return c.body(text, 200, { 'content-type': 'application/geo+json; charset=utf-8' });
}
