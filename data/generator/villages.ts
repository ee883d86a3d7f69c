/**
 * Synthetic positions for the 2 408 real village and community committees. No source gives their
 * coordinates, so each is placed inside its township's approximate area: the Voronoi cell of the
 * township points clipped to the county, the same rule the seeder uses for township polygons, so a
 * village never lands in another township's cell in the app. Communities (社区/居委会) cluster
 * around the township point (towards the county seat for urban streets 街道); villages spread over
 * the whole cell; a minimum spacing keeps them from stacking.
 */
import type { LoadedBase } from './base-data';
import { dist, toLonLat, toXY, type XY } from './geo';
import type { Rng } from './random';
import type { Village } from './types';

const RASTER = 500; // m: sampling grid for township cells
const CELL_MARGIN = 300; // m: keep clear of cell borders so CRS differences cannot flip a village
const SPACING = { village: 700, community: 300 } as const;

interface Cell {
  code: string;
  centre: XY;
  /** Raster points of this township's cell, where villages may go. */
  raster: XY[];
  radius: number; // radius of a disc with the cell's area
}

/** Spacing grid: answers "is anything placed within `min` metres of p?" */
class SpacingGrid {
  private readonly cells = new Map<string, XY[]>();
  add(p: XY): void {
    const k = `${Math.floor(p[0] / 700)},${Math.floor(p[1] / 700)}`;
    if (!this.cells.has(k)) this.cells.set(k, []);
    this.cells.get(k)!.push(p);
  }
  clear(p: XY, min: number): boolean {
    const cx = Math.floor(p[0] / 700);
    const cy = Math.floor(p[1] / 700);
    const reach = Math.ceil(min / 700);
    for (let i = cx - reach; i <= cx + reach; i++)
      for (let j = cy - reach; j <= cy + reach; j++)
        for (const q of this.cells.get(`${i},${j}`) ?? []) if (dist(q, p) < min) return false;
    return true;
  }
}

export interface PlacedVillages {
  villages: Village[];
  /**
   * Unnamed hamlets (自然村) for the road network only. Several counties (茌平, 东阿, 临清) merged
   * their villages into large administrative ones, each covering many settlements; without these
   * their countryside would show one road every five kilometres. Not part of the world's villages.
   */
  hamlets: { townshipCode: string; point: XY; villageName: string }[];
}

const HAMLET_AREA = 2.5e6; // m²: hamlets top a township up to one settlement per 2.5 km²
const HAMLET_SPACING = 900;

export function placeVillages(base: LoadedBase, rng: Rng): PlacedVillages {
  const cells = townshipCells(base);
  const grid = new SpacingGrid();
  const out: Village[] = [];
  for (const v of base.villages) {
    const cell = cells.get(v.townshipCode);
    if (!cell) throw new Error(`village ${v.code} has no township ${v.townshipCode}`);
    const county = base.counties.findIndex((c) => c.code === v.countyCode);
    const seat = toXY(base.counties[county].seat);
    const township = base.townships.find((t) => t.code === v.townshipCode)!;
    // Urban streets' communities lean towards the county seat, where their housing estates are.
    const urbanStreet = township.name.endsWith('街道') && dist(cell.centre, seat) < 10_000;
    const anchor: XY = urbanStreet
      ? [cell.centre[0] * 0.7 + seat[0] * 0.3, cell.centre[1] * 0.7 + seat[1] * 0.3]
      : cell.centre;
    const point = findSpot(base, cells, cell, county, grid, SPACING[v.kind], (attempt) =>
      v.kind === 'community' ? nearAnchor(anchor, cell, rng, attempt) : overCell(cell, rng), v.kind === 'village')!;
    grid.add(point);
    out.push({ ...v, point: toLonLat(point) });
  }

  const hamlets: PlacedVillages['hamlets'] = [];
  for (const t of base.townships) {
    const cell = cells.get(t.code)!;
    const own = out.filter((v) => v.townshipCode === t.code);
    const wanted = Math.round((cell.raster.length * RASTER * RASTER) / HAMLET_AREA) - own.length;
    if (wanted <= 0 || own.length === 0) continue;
    const county = base.counties.findIndex((c) => c.code === t.countyCode);
    const ownXY = own.map((v) => toXY(v.point));
    for (let k = 0; k < wanted; k++) {
      const point = findSpot(base, cells, cell, county, grid, HAMLET_SPACING, () => overCell(cell, rng), true, 400);
      if (!point) break;
      grid.add(point);
      // A hamlet belongs to the nearest administrative village of its township.
      let nearest = 0;
      ownXY.forEach((q, i) => {
        if (dist(q, point) < dist(ownXY[nearest], point)) nearest = i;
      });
      hamlets.push({ townshipCode: t.code, point, villageName: own[nearest].name });
    }
  }
  return { villages: out, hamlets };
}

/**
 * Rejection sampling under the placement rules. With `maxAttempts` it may give up (hamlets are
 * optional); without, it relaxes the spacing until a spot is found (committees must be placed).
 */
function findSpot(
  base: LoadedBase,
  cells: Map<string, Cell>,
  cell: Cell,
  county: number,
  grid: SpacingGrid,
  minSpacing: number,
  candidate: (attempt: number) => XY,
  awayFromTown: boolean,
  maxAttempts = Infinity,
): XY | null {
  let spacing = minSpacing;
  for (let attempt = 0; ; attempt++) {
    if (attempt >= maxAttempts) return null;
    if (attempt > 0 && attempt % 150 === 0) spacing *= 0.8; // crowded cell: relax, never fail
    if (attempt > 3000) return cell.centre; // a cell too small for any rule (none in the real list)
    const p = candidate(attempt);
    if (!base.countyIndex[county].contains(p)) continue;
    if (!inOwnCell(p, cell, cells, base.counties[county].code, base)) continue;
    if (awayFromTown && dist(p, cell.centre) < 400) continue; // the town itself sits there
    if (!grid.clear(p, spacing)) continue;
    return p;
  }
}

/** Communities: a normal spread around the anchor, widening if the cell is crowded. */
function nearAnchor(anchor: XY, cell: Cell, rng: Rng, attempt: number): XY {
  const sd = cell.radius * (0.22 + Math.min(attempt, 600) / 1500);
  return [anchor[0] + rng.normal(0, sd), anchor[1] + rng.normal(0, sd)];
}

/** Villages: anywhere in the cell, a raster point plus jitter within its 500 m square. */
function overCell(cell: Cell, rng: Rng): XY {
  const [x, y] = rng.pick(cell.raster);
  return [x + rng.uniform(-RASTER / 2, RASTER / 2), y + rng.uniform(-RASTER / 2, RASTER / 2)];
}

function inOwnCell(p: XY, own: Cell, cells: Map<string, Cell>, countyCode: string, base: LoadedBase): boolean {
  const dOwn = dist(p, own.centre);
  for (const t of base.townships) {
    if (t.countyCode !== countyCode || t.code === own.code) continue;
    if (dist(p, cells.get(t.code)!.centre) < dOwn + CELL_MARGIN) return false;
  }
  return true;
}

function townshipCells(base: LoadedBase): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const t of base.townships) {
    if (!t.point) throw new Error(`township ${t.name} has no point after repair`);
    cells.set(t.code, { code: t.code, centre: toXY(t.point), raster: [], radius: 0 });
  }
  base.counties.forEach((county, i) => {
    const index = base.countyIndex[i];
    const own = [...cells.values()].filter((c) => c.code.startsWith(county.code));
    const [minX, minY, maxX, maxY] = index.bbox;
    for (let x = minX + RASTER / 2; x < maxX; x += RASTER)
      for (let y = minY + RASTER / 2; y < maxY; y += RASTER) {
        const p: XY = [x, y];
        if (!index.contains(p)) continue;
        let best = own[0];
        let bestD = Infinity;
        for (const c of own) {
          const d = dist(c.centre, p);
          if (d < bestD) {
            bestD = d;
            best = c;
          }
        }
        best.raster.push(p);
      }
  });
  for (const c of cells.values()) {
    if (c.raster.length === 0) c.raster.push(c.centre); // a tiny cell: the point itself
    c.radius = Math.sqrt((c.raster.length * RASTER * RASTER) / Math.PI);
  }
  return cells;
}
