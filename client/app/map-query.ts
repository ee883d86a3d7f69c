import { MAP_PATH } from './use-path';

/**
 * The map's view in its URL (`/map?at=115.98,36.45,11&area=371524&from=2024-01-01&to=2024-12-31`),
 * so a link sent to a colleague, or a number clicked on the dashboard, opens the same map. Each
 * part of the screen reads its own keys when the map opens and writes them as they change; the
 * URL is replaced, not pushed, so the back button leaves the map rather than undoing each pan.
 *
 * Keys: `at` the camera (lon,lat,zoom), `show`/`hide` layers against their defaults, and each
 * feature's own (the accidents' `from`, `to`, `time`, `sev`; the base map's `area`).
 */
export function readMapQuery(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

/** Sets (or, with null, removes) keys of the map's URL in place; the path becomes /map. Writing what is already there changes nothing (home stays home). */
export function writeMapQuery(entries: Record<string, string | null>) {
  const q = new URLSearchParams(window.location.search);
  const before = q.toString();
  for (const [k, v] of Object.entries(entries)) {
    if (v === null || v === '') q.delete(k);
    else q.set(k, v);
  }
  const search = q.toString();
  if (search === before) return;
  const href = `${MAP_PATH}${search ? `?${search}` : ''}`;
  if (href !== window.location.pathname + window.location.search) window.history.replaceState(null, '', href);
}

export interface Camera {
  center: [number, number];
  zoom: number;
}

/** `at=lon,lat,zoom` as a camera, if it is one inside `bounds` (a stale or edited link falls back to the whole city). */
export function readCamera(q: URLSearchParams, bounds: readonly [number, number, number, number]): Camera | null {
  const parts = (q.get('at') ?? '').split(',').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  const [lon, lat, zoom] = parts;
  if (lon < bounds[0] || lon > bounds[2] || lat < bounds[1] || lat > bounds[3] || zoom < 0 || zoom > 22) return null;
  return { center: [lon, lat], zoom };
}

export const cameraParam = (c: Camera) => `${c.center[0].toFixed(5)},${c.center[1].toFixed(5)},${c.zoom.toFixed(2)}`;

/** A list key (`show=a,b`) as its items. */
export const listParam = (q: URLSearchParams, key: string) => (q.get(key) ?? '').split(',').filter(Boolean);
