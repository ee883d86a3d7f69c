/**
 * Small polygon tests for the obstacle planner: rings as closed lists of metric points (first =
 * last). Only what placing a few thousand footprints needs: orientation, overlap, and how far a
 * footprint keeps from a road's centreline. The app's own spatial analysis stays in PostGIS.
 */
import { pointSegment, type XY } from './geo';

/** Shoelace area, positive for a counter-clockwise ring. */
export function signedArea(ring: readonly XY[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}

/** The open outline `points` as a closed counter-clockwise ring, rounded to the centimetre. */
export function closedCcw(points: readonly XY[]): XY[] {
  const ring = points.map(([x, y]): XY => [Math.round(x * 100) / 100, Math.round(y * 100) / 100]);
  ring.push([ring[0][0], ring[0][1]]);
  return signedArea(ring) < 0 ? ring.reverse() : ring;
}

const cross = (o: XY, a: XY, b: XY) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Whether segments ab and cd share a point. */
export function segmentsMeet(a: XY, b: XY, c: XY, d: XY): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  // Touching or collinear: an end on the other segment.
  return (d1 === 0 && within(a, c, d)) || (d2 === 0 && within(b, c, d)) || (d3 === 0 && within(c, a, b)) || (d4 === 0 && within(d, a, b));
}

/** For p on the line through ab: whether it lies between them. */
const within = (p: XY, a: XY, b: XY) =>
  Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);

/** Even-odd ray cast. */
export function pointInRing(p: XY, ring: readonly XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Shortest distance between a ring's area and the segment ab (0 when they meet). */
export function ringSegmentDistance(ring: readonly XY[], a: XY, b: XY): number {
  if (pointInRing(a, ring)) return 0;
  let best = Infinity;
  for (let i = 0; i + 1 < ring.length; i++) {
    const p = ring[i];
    const q = ring[i + 1];
    if (segmentsMeet(p, q, a, b)) return 0;
    best = Math.min(best, pointSegment(p, a, b).d, pointSegment(a, p, q).d, pointSegment(b, p, q).d);
  }
  return best;
}

/** Whether two rings' areas overlap or touch. */
export function ringsOverlap(r: readonly XY[], s: readonly XY[]): boolean {
  for (let i = 0; i + 1 < r.length; i++)
    for (let j = 0; j + 1 < s.length; j++) if (segmentsMeet(r[i], r[i + 1], s[j], s[j + 1])) return true;
  return pointInRing(r[0], s) || pointInRing(s[0], r);
}

