/**
 * Planar geometry for the generator. Liaocheng spans 1.3° of longitude and 1.25° of latitude, so a
 * local equirectangular projection around 36.4°N is within ~1 % in scale everywhere: ample for
 * spacing villages and bending roads, and affine, so a straight line in metres is a straight line
 * in degrees (an accident interpolated in either lies on the same segment).
 * Analysis in the app uses EPSG:4498; nothing here leaks into stored geometry except lon/lat.
 */
import type { LonLat } from './types';

export type XY = [number, number];

const LON0 = 115.9;
const LAT0 = 36.4;
const M_PER_DEG_LAT = 110_950;
const M_PER_DEG_LON = 111_320 * Math.cos((LAT0 * Math.PI) / 180);

export function toXY([lon, lat]: LonLat): XY {
  return [(lon - LON0) * M_PER_DEG_LON, (lat - LAT0) * M_PER_DEG_LAT];
}

/** Back to lon/lat, rounded to 1e-6° (≈ 0.1 m) to keep files small without visible loss. */
export function toLonLat([x, y]: XY): LonLat {
  return [round6(LON0 + x / M_PER_DEG_LON), round6(LAT0 + y / M_PER_DEG_LAT)];
}

export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

export function dist(a: XY, b: XY): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

export function lerp(a: XY, b: XY, t: number): XY {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

export function lineLength(line: readonly XY[]): number {
  let total = 0;
  for (let i = 1; i < line.length; i++) total += dist(line[i - 1], line[i]);
  return total;
}

/** Distance from p to segment ab, and the parameter t of the closest point. */
export function pointSegment(p: XY, a: XY, b: XY): { d: number; t: number } {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  return { d: Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy)), t };
}

export function pointLineDistance(p: XY, line: readonly XY[]): number {
  let best = Infinity;
  for (let i = 1; i < line.length; i++) best = Math.min(best, pointSegment(p, line[i - 1], line[i]).d);
  return best;
}

/**
 * Point-in-polygon for many queries against one (multi)polygon: edges bucketed by horizontal
 * band, so each query ray-casts against the few dozen edges that cross its band instead of all
 * ~3 000 boundary edges of the city.
 */
export class PolygonIndex {
  private readonly bands: Float64Array[] = [];
  private readonly minY: number;
  private readonly bandHeight: number;
  readonly rings: XY[][];
  readonly bbox: [number, number, number, number];

  constructor(rings: XY[][], bandHeight = 400) {
    this.rings = rings;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const ring of rings)
      for (const [x, y] of ring) {
        minX = Math.min(minX, x); maxX = Math.max(maxX, x);
        minY = Math.min(minY, y); maxY = Math.max(maxY, y);
      }
    this.bbox = [minX, minY, maxX, maxY];
    this.minY = minY;
    this.bandHeight = bandHeight;
    const nBands = Math.max(1, Math.ceil((maxY - minY) / bandHeight) + 1);
    const lists: number[][] = Array.from({ length: nBands }, () => []);
    for (const ring of rings)
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i];
        const b = ring[(i + 1) % ring.length];
        if (a[0] === b[0] && a[1] === b[1]) continue;
        const b0 = Math.floor((Math.min(a[1], b[1]) - minY) / bandHeight);
        const b1 = Math.floor((Math.max(a[1], b[1]) - minY) / bandHeight);
        for (let k = b0; k <= b1; k++) lists[k].push(a[0], a[1], b[0], b[1]);
      }
    for (const l of lists) this.bands.push(Float64Array.from(l));
  }

  contains([x, y]: XY): boolean {
    const [minX, minY, maxX, maxY] = this.bbox;
    if (x < minX || x > maxX || y < minY || y > maxY) return false;
    const edges = this.bands[Math.floor((y - this.minY) / this.bandHeight)];
    let inside = false;
    for (let i = 0; i < edges.length; i += 4) {
      const ay = edges[i + 1];
      const by = edges[i + 3];
      if (ay > y !== by > y) {
        const ax = edges[i];
        const xCross = ax + ((y - ay) * (edges[i + 2] - ax)) / (by - ay);
        if (x < xCross) inside = !inside;
      }
    }
    return inside;
  }

  /** Nearest point on the boundary (brute force: only used for a handful of repairs). */
  nearestBoundaryPoint(p: XY): { point: XY; d: number } {
    let best: { point: XY; d: number } = { point: p, d: Infinity };
    for (const ring of this.rings)
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i];
        const b = ring[(i + 1) % ring.length];
        const { d, t } = pointSegment(p, a, b);
        if (d < best.d) best = { point: lerp(a, b, t), d };
      }
    return best;
  }

  /** Distance to the boundary, positive inside and negative outside. */
  signedDistance(p: XY): number {
    const d = this.nearestBoundaryPoint(p).d;
    return this.contains(p) ? d : -d;
  }
}

/** Rings of a GeoJSON MultiPolygon in metric XY (holes included: ray casting handles them). */
export function multiPolygonRings(geometry: GeoJSON.MultiPolygon): XY[][] {
  const rings: XY[][] = [];
  for (const polygon of geometry.coordinates)
    for (const ring of polygon) rings.push(ring.map((c) => toXY(c as LonLat)));
  return rings;
}

/**
 * Cuts a polyline to the parts inside `inside`, finding each boundary crossing by bisection to
 * well under a metre. Input vertices should be dense (≤ a few hundred metres apart) so a road
 * cannot slip out and back in between two vertices unnoticed.
 */
export function clipLine(line: readonly XY[], inside: (p: XY) => boolean): XY[][] {
  const parts: XY[][] = [];
  let current: XY[] = [];
  let prevIn = inside(line[0]);
  if (prevIn) current.push(line[0]);
  for (let i = 1; i < line.length; i++) {
    const p = line[i];
    const isIn = inside(p);
    if (isIn !== prevIn) {
      let lo = 0;
      let hi = 1;
      for (let k = 0; k < 24; k++) {
        const mid = (lo + hi) / 2;
        if (inside(lerp(line[i - 1], p, mid)) === prevIn) lo = mid;
        else hi = mid;
      }
      // Step to the inside of the crossing so the clipped end tests as inside.
      const edge = lerp(line[i - 1], p, prevIn ? lo : hi);
      current.push(edge);
      if (prevIn) {
        parts.push(current);
        current = [];
      }
    }
    if (isIn) current.push(p);
    prevIn = isIn;
  }
  if (current.length) parts.push(current);
  return parts.filter((part) => part.length >= 2 && lineLength(part) > 1);
}
