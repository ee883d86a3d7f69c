/**
 * Road geometry primitives: gentle deterministic bends and densification. Plains roads in western
 * Shandong are long, almost straight runs with soft curves around villages, ponds and old field
 * boundaries; a sum of two or three low-frequency sine waves, faded out at both ends so links
 * still meet exactly at their towns, gives that look without loops or kinks.
 */
import { dist, lerp, type XY } from './geo';
import type { Rng } from './random';

export interface BendOptions {
  /** Peak lateral offset as a share of the link length (0.02 = 2 %). */
  amplitude: number;
  /** Cap on the peak offset in metres, so long trunk roads do not swing kilometres aside. */
  maxOffset: number;
  /** Vertex spacing in metres. */
  step: number;
}

export function bentPath(a: XY, b: XY, rng: Rng, opts: BendOptions): XY[] {
  const length = dist(a, b);
  const n = Math.max(1, Math.ceil(length / opts.step));
  const peak = Math.min(opts.maxOffset, opts.amplitude * length);
  const waves = 1 + rng.int(3);
  const terms = Array.from({ length: waves }, (_, k) => ({
    freq: k + 1 + rng.next() * 0.6,
    phase: rng.uniform(0, 2 * Math.PI),
    weight: rng.uniform(0.4, 1) / (k + 1),
  }));
  const norm = terms.reduce((s, t) => s + t.weight, 0);
  const ux = length > 0 ? (b[0] - a[0]) / length : 0;
  const uy = length > 0 ? (b[1] - a[1]) / length : 0;
  const out: XY[] = [a];
  for (let i = 1; i < n; i++) {
    const t = i / n;
    let offset = 0;
    for (const term of terms) offset += term.weight * Math.sin(term.freq * Math.PI * t + term.phase);
    offset *= (peak / norm) * Math.sin(Math.PI * t);
    const [x, y] = lerp(a, b, t);
    out.push([x - uy * offset, y + ux * offset]);
  }
  out.push(b);
  return out;
}

/** A bent route through several waypoints; each leg bends on its own. */
export function bentRoute(points: readonly XY[], rng: Rng, opts: BendOptions): XY[] {
  const out: XY[] = [points[0]];
  for (let i = 1; i < points.length; i++) out.push(...bentPath(points[i - 1], points[i], rng, opts).slice(1));
  return out;
}

/** Adds straight-line vertices so no segment exceeds `step` metres (geometry unchanged). */
export function densify(line: readonly XY[], step: number): XY[] {
  const out: XY[] = [line[0]];
  for (let i = 1; i < line.length; i++) {
    const n = Math.max(1, Math.ceil(dist(line[i - 1], line[i]) / step));
    for (let k = 1; k <= n; k++) out.push(lerp(line[i - 1], line[i], k / n));
  }
  return out;
}

/**
 * Inserts, as waypoints, the given places lying within `reach` metres of the leg a→b (and well
 * between its ends): trunk roads in reality run through the towns on their way.
 */
export function viaPlaces(a: XY, b: XY, places: readonly XY[], reach: number): XY[] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const hits: { t: number; p: XY }[] = [];
  for (const p of places) {
    const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
    if (t < 0.08 || t > 0.92) continue;
    const off = Math.abs((p[0] - a[0]) * dy - (p[1] - a[1]) * dx) / Math.sqrt(len2);
    if (off <= reach) hits.push({ t, p });
  }
  hits.sort((u, v) => u.t - v.t);
  const out: XY[] = [a];
  for (const h of hits) if (dist(out[out.length - 1], h.p) > 3000) out.push(h.p);
  if (out.length > 1 && dist(out[out.length - 1], b) < 3000) out.pop();
  out.push(b);
  return out;
}
