/**
 * Road geometry in a form the accident generator can sample quickly, and the junctions of the
 * network: every place where roads cross or one ends on another. Continuations (two pieces of one
 * road meeting end to end) are not junctions. Expressways are grade-separated, so they have none.
 */
import { toXY } from './geo';
import type { Road } from './types';

export interface NetRoad {
  road: Road;
  xy: Float64Array; // x0, y0, x1, y1 … metres
  cum: Float64Array; // distance along the road at each vertex
  length: number;
}

export interface Junction {
  x: number;
  y: number;
  /** Each road meeting here, with where along it (metres from its start) the junction lies. */
  legs: { road: number; s: number }[]; // road = index into the NetRoad array
}

export function netRoads(roads: Road[]): NetRoad[] {
  return roads.map((road) => {
    const n = road.coordinates.length;
    const xy = new Float64Array(n * 2);
    const cum = new Float64Array(n);
    road.coordinates.forEach((c, i) => {
      const [x, y] = toXY(c);
      xy[i * 2] = x;
      xy[i * 2 + 1] = y;
      if (i > 0) cum[i] = cum[i - 1] + Math.hypot(x - xy[i * 2 - 2], y - xy[i * 2 - 1]);
    });
    return { road, xy, cum, length: cum[n - 1] };
  });
}

const CELL = 300; // m
const TOUCH = 3; // m: an end this close to another road joins it
const MERGE = 25; // m: meeting points this close are one junction

/** A meeting of two segments: where, how far along each road, and how many road ends take part. */
interface Hit {
  x: number;
  y: number;
  a: number;
  sa: number;
  b: number;
  sb: number;
  ends: number;
}

export function findJunctions(net: NetRoad[]): Junction[] {
  // Flat segment arrays and a dense grid in compressed-row form: ~100 000 segments are bucketed
  // in two passes without per-cell allocations.
  const segs: number[] = []; // road, segment index pairs
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  net.forEach((r, ri) => {
    if (r.road.class === 'expressway') return;
    for (let s = 0; s + 1 < r.cum.length; s++) segs.push(ri, s);
    for (let i = 0; i < r.xy.length; i += 2) {
      minX = Math.min(minX, r.xy[i]); maxX = Math.max(maxX, r.xy[i]);
      minY = Math.min(minY, r.xy[i + 1]); maxY = Math.max(maxY, r.xy[i + 1]);
    }
  });
  const nSeg = segs.length / 2;
  const nx = Math.ceil((maxX - minX + 2 * TOUCH) / CELL) + 1;
  const ny = Math.ceil((maxY - minY + 2 * TOUCH) / CELL) + 1;
  const box = new Int32Array(nSeg * 4); // cell range i0, j0, i1, j1
  let members = new Int32Array(0);
  for (let k = 0; k < nSeg; k++) {
    const r = net[segs[k * 2]];
    const s = segs[k * 2 + 1];
    const ax = r.xy[s * 2], ay = r.xy[s * 2 + 1], bx = r.xy[s * 2 + 2], by = r.xy[s * 2 + 3];
    box[k * 4] = Math.floor((Math.min(ax, bx) - TOUCH - minX) / CELL);
    box[k * 4 + 1] = Math.floor((Math.min(ay, by) - TOUCH - minY) / CELL);
    box[k * 4 + 2] = Math.floor((Math.max(ax, bx) + TOUCH - minX) / CELL);
    box[k * 4 + 3] = Math.floor((Math.max(ay, by) + TOUCH - minY) / CELL);
  }
  const start = new Int32Array(nx * ny + 1);
  for (let pass = 0; pass < 2; pass++) {
    const fill = pass === 1 ? start.slice(0, nx * ny) : null;
    if (fill) members = new Int32Array(start[nx * ny]);
    for (let k = 0; k < nSeg; k++)
      for (let i = Math.max(0, box[k * 4]); i <= box[k * 4 + 2]; i++)
        for (let j = Math.max(0, box[k * 4 + 1]); j <= box[k * 4 + 3]; j++) {
          if (fill) members[fill[i * ny + j]++] = k;
          else start[i * ny + j + 1]++;
        }
    if (!fill) for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c];
  }

  const hits: Hit[] = [];
  for (let c = 0; c < nx * ny; c++) {
    for (let p = start[c]; p < start[c + 1]; p++) {
      const i = members[p];
      for (let q = p + 1; q < start[c + 1]; q++) {
        const j = members[q];
        const a = segs[i * 2];
        const b = segs[j * 2];
        if (a === b) continue;
        const hit = meet(net[a], segs[i * 2 + 1], net[b], segs[j * 2 + 1]);
        if (!hit) continue;
        // Report each meeting once: from the cell that contains it.
        const cell = Math.floor((hit.x - minX) / CELL) * ny + Math.floor((hit.y - minY) / CELL);
        if (cell !== c) continue;
        hit.a = a;
        hit.b = b;
        hits.push(hit);
      }
    }
  }
  return mergeHits(hits);
}

function mergeHits(hits: Hit[]): Junction[] {
  const junctions: (Junction & { endsOnly: boolean })[] = [];
  const near = new Map<number, number[]>();
  const key = (i: number, j: number) => i * 1_000_003 + j;
  for (const h of hits) {
    const ci = Math.floor(h.x / MERGE);
    const cj = Math.floor(h.y / MERGE);
    let found = -1;
    for (let i = ci - 1; i <= ci + 1 && found < 0; i++)
      for (let j = cj - 1; j <= cj + 1 && found < 0; j++)
        for (const J of near.get(key(i, j)) ?? [])
          if (Math.hypot(junctions[J].x - h.x, junctions[J].y - h.y) < MERGE) {
            found = J;
            break;
          }
    if (found < 0) {
      found = junctions.length;
      junctions.push({ x: h.x, y: h.y, legs: [], endsOnly: true });
      const k = key(ci, cj);
      if (!near.has(k)) near.set(k, []);
      near.get(k)!.push(found);
    }
    const J = junctions[found];
    if (h.ends !== 2) J.endsOnly = false;
    if (!J.legs.some((l) => l.road === h.a)) J.legs.push({ road: h.a, s: h.sa });
    if (!J.legs.some((l) => l.road === h.b)) J.legs.push({ road: h.b, s: h.sb });
  }
  // Two roads meeting only end to end are one road continuing (a lit/unlit split, a name change).
  return junctions.filter((j) => !(j.endsOnly && j.legs.length === 2)).map(({ x, y, legs }) => ({ x, y, legs }));
}

/**
 * Where segment sa of road A meets segment sb of road B: an end of one road within TOUCH metres
 * of the other segment (T-junctions, shared nodes; preferred when both ends meet), else a proper
 * crossing. Returns null when they do not meet.
 */
function meet(A: NetRoad, sa: number, B: NetRoad, sb: number): Hit | null {
  const ax = A.xy[sa * 2], ay = A.xy[sa * 2 + 1], bx = A.xy[sa * 2 + 2], by = A.xy[sa * 2 + 3];
  const cx = B.xy[sb * 2], cy = B.xy[sb * 2 + 1], dx = B.xy[sb * 2 + 2], dy = B.xy[sb * 2 + 3];
  // Cheap rejection: boxes apart by more than TOUCH.
  if (Math.min(ax, bx) - TOUCH > Math.max(cx, dx) || Math.min(cx, dx) - TOUCH > Math.max(ax, bx)) return null;
  if (Math.min(ay, by) - TOUCH > Math.max(cy, dy) || Math.min(cy, dy) - TOUCH > Math.max(ay, by)) return null;
  const lenA = A.cum[sa + 1] - A.cum[sa];
  const lenB = B.cum[sb + 1] - B.cum[sb];
  const lastA = A.cum.length - 2;
  const lastB = B.cum.length - 2;
  // (No closures here: this runs millions of times.)
  let best: Hit | null = null;
  for (let e = 0; e <= 1; e++) {
    if (isEnd(sa, lastA, e, lenA)) {
      const px = e === 0 ? ax : bx, py = e === 0 ? ay : by;
      const t = project(px, py, cx, cy, dx, dy);
      const ends = 1 + (isEnd(sb, lastB, t, lenB) ? 1 : 0);
      if (Math.hypot(px - (cx + t * (dx - cx)), py - (cy + t * (dy - cy))) <= TOUCH && (!best || ends > best.ends))
        best = { x: px, y: py, a: 0, sa: A.cum[sa] + e * lenA, b: 0, sb: B.cum[sb] + t * lenB, ends };
    }
    if (isEnd(sb, lastB, e, lenB)) {
      const px = e === 0 ? cx : dx, py = e === 0 ? cy : dy;
      const t = project(px, py, ax, ay, bx, by);
      const ends = 1 + (isEnd(sa, lastA, t, lenA) ? 1 : 0);
      if (Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay))) <= TOUCH && (!best || ends > best.ends))
        best = { x: px, y: py, a: 0, sa: A.cum[sa] + t * lenA, b: 0, sb: B.cum[sb] + e * lenB, ends };
    }
  }
  if (best) return best;

  const den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
  if (Math.abs(den) < 1e-9) return null;
  const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den;
  const u = ((cx - ax) * (by - ay) - (cy - ay) * (bx - ax)) / den;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return { x: ax + t * (bx - ax), y: ay + t * (by - ay), a: 0, sa: A.cum[sa] + t * lenA, b: 0, sb: B.cum[sb] + u * lenB, ends: 0 };
}

/** Parameter (0–1) of the point of segment q→r closest to p. */
function project(px: number, py: number, qx: number, qy: number, rx: number, ry: number): number {
  const ux = rx - qx;
  const uy = ry - qy;
  const l2 = ux * ux + uy * uy;
  return l2 > 0 ? Math.max(0, Math.min(1, ((px - qx) * ux + (py - qy) * uy) / l2)) : 0;
}

/** Whether parameter t on segment `seg` (of a road whose last segment is `last`) is a road end. */
function isEnd(seg: number, last: number, t: number, len: number): boolean {
  return (seg === 0 && t * len <= TOUCH) || (seg === last && (1 - t) * len <= TOUCH);
}
