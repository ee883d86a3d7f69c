/**
 * Collects road drafts from the trunk, rural and urban builders and turns them into the Road
 * records of the contract: clipped to Liaocheng, rural roads kept out of the towns' street grids
 * (where the grid carries the traffic), split into lit and unlit pieces, tagged with their county,
 * and numbered in a stable order.
 */
import type { LoadedBase } from './base-data';
import { clipLine, dist, lineLength, toLonLat, toXY, type XY } from './geo';
import { densify } from './road-shape';
import type { Road, RoadClass } from './types';

/** A town's street-grid footprint: a rectangle rotated by `angle` around `centre`. */
export interface UrbanArea {
  countyCode: string;
  centre: XY;
  halfWidth: number; // along the rotated x axis, m
  halfHeight: number;
  angle: number; // radians, counter-clockwise
  cityCore: boolean;
}

/** Position in the area's own frame: u along its x axis, v along its y axis. */
export function toAreaFrame(area: UrbanArea, [x, y]: XY): XY {
  const dx = x - area.centre[0];
  const dy = y - area.centre[1];
  const c = Math.cos(area.angle);
  const s = Math.sin(area.angle);
  return [dx * c + dy * s, -dx * s + dy * c];
}

export function fromAreaFrame(area: UrbanArea, [u, v]: XY): XY {
  const c = Math.cos(area.angle);
  const s = Math.sin(area.angle);
  return [area.centre[0] + u * c - v * s, area.centre[1] + u * s + v * c];
}

export function inUrbanArea(area: UrbanArea, p: XY, tolerance = 0): boolean {
  const [u, v] = toAreaFrame(area, p);
  return Math.abs(u) <= area.halfWidth + tolerance && Math.abs(v) <= area.halfHeight + tolerance;
}

export interface RoadDraft {
  class: RoadClass;
  name: string;
  ref: string | null;
  designSpeed: number;
  lit: boolean;
  urban: boolean;
  synthetic: boolean;
  line: XY[];
  /** Rural roads: the stretches within reach of a town centre are lit, the rest dark. */
  litNearTowns?: boolean;
}

const LIT_REACH = 700; // m from a township point: the lit main street of a market town
const MIN_PIECE = 250; // m: shorter lit/unlit runs merge into their neighbour
const DENSIFY = 200; // m: clipping and accident placement want dense vertices

export class RoadCollector {
  private readonly drafts: RoadDraft[] = [];
  private lastCounty = 0;
  private readonly townGrid = new Map<string, XY[]>();

  constructor(
    private readonly base: LoadedBase,
    readonly urbanAreas: UrbanArea[],
  ) {
    for (const t of base.townships) {
      if (!t.point) continue;
      const p = toXY(t.point);
      const k = gridKey(p);
      if (!this.townGrid.has(k)) this.townGrid.set(k, []);
      this.townGrid.get(k)!.push(p);
    }
  }

  add(draft: RoadDraft): void {
    this.drafts.push(draft);
  }

  /** Drafts added so far of the given classes (before clipping). */
  added(classes: RoadClass[]): readonly RoadDraft[] {
    return this.drafts.filter((d) => classes.includes(d.class));
  }

  /** Index of the county containing p, or -1 (holes and the outside). */
  countyAt(p: XY): number {
    const idx = this.base.countyIndex;
    if (idx[this.lastCounty].contains(p)) return this.lastCounty;
    for (let i = 0; i < idx.length; i++)
      if (i !== this.lastCounty && idx[i].contains(p)) return (this.lastCounty = i);
    return -1;
  }

  inLiaocheng = (p: XY): boolean => this.countyAt(p) >= 0;

  build(): Road[] {
    const roads: Road[] = [];
    for (const draft of this.drafts) {
      const keepOutOfTowns = !draft.urban && draft.class !== 'expressway';
      const inside = keepOutOfTowns
        ? (p: XY) => this.inLiaocheng(p) && !this.urbanAreas.some((a) => inUrbanArea(a, p))
        : this.inLiaocheng;
      for (const part of clipLine(densify(draft.line, DENSIFY), inside)) {
        const pieces = draft.litNearTowns ? this.splitByLight(part) : [{ line: part, lit: draft.lit }];
        for (const piece of pieces) {
          const { class: cls, name, ref, designSpeed, urban, synthetic } = draft;
          roads.push({
            id: roads.length + 1,
            class: cls, name, ref, designSpeed, lit: piece.lit, urban,
            countyCode: this.countyOf(piece.line),
            synthetic,
            coordinates: dedupe(piece.line.map(toLonLat)),
          });
        }
      }
    }
    return roads.filter((r) => r.coordinates.length >= 2);
  }

  private countyOf(line: XY[]): string | null {
    let found = -1;
    for (const p of line) {
      const c = this.countyAt(p);
      if (c < 0) continue; // a clipped end a hair outside: ignore
      if (found >= 0 && c !== found) return null;
      found = c;
    }
    return found >= 0 ? this.base.counties[found].code : null;
  }

  private nearTown(p: XY): boolean {
    const [cx, cy] = gridCell(p);
    for (let i = cx - 1; i <= cx + 1; i++)
      for (let j = cy - 1; j <= cy + 1; j++)
        for (const t of this.townGrid.get(`${i},${j}`) ?? []) if (dist(t, p) <= LIT_REACH) return true;
    return false;
  }

  /** Lit near town centres, dark elsewhere; a segment's state is that of its midpoint. */
  private splitByLight(line: XY[]): { line: XY[]; lit: boolean }[] {
    const runs: { line: XY[]; lit: boolean }[] = [];
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1];
      const b = line[i];
      const lit = this.nearTown([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]);
      const last = runs[runs.length - 1];
      if (last && last.lit === lit) last.line.push(b);
      else runs.push({ line: [a, b], lit });
    }
    // Runs too short to matter join their neighbour (and take its state).
    const merged: { line: XY[]; lit: boolean }[] = [];
    for (const run of runs) {
      const prev = merged[merged.length - 1];
      if (prev && (prev.lit === run.lit || lineLength(run.line) < MIN_PIECE)) prev.line.push(...run.line.slice(1));
      else merged.push({ line: [...run.line], lit: run.lit });
    }
    if (merged.length > 1 && lineLength(merged[0].line) < MIN_PIECE) {
      merged[1].line = [...merged[0].line, ...merged[1].line.slice(1)];
      merged.shift();
    }
    return merged;
  }
}

function gridCell(p: XY): [number, number] {
  return [Math.floor(p[0] / 2000), Math.floor(p[1] / 2000)];
}

function gridKey(p: XY): string {
  const [i, j] = gridCell(p);
  return `${i},${j}`;
}

/** Rounding to 1e-6° can make neighbouring vertices equal; drop the repeats. */
function dedupe(coords: [number, number][]): [number, number][] {
  return coords.filter((c, i) => i === 0 || c[0] !== coords[i - 1][0] || c[1] !== coords[i - 1][1]);
}
