/**
 * The rural network below the trunk roads, all synthetic:
 * - county roads (县道 X) join each town to the county seat, through a nearer town when one lies
 *   on the way (so the network is radial with towns as knots, as real county networks are), and
 *   to its one or two nearest neighbouring towns (unless a trunk road already runs along it);
 * - inside each township a minimum spanning tree joins the town to its villages; links carrying
 *   three or more villages beyond them become township roads (乡道 Y), the rest village roads;
 *   a few extra links close loops;
 * - each village gets a main street through its centre, the through-road where village crashes
 *   concentrate.
 */
import type { LoadedBase } from './base-data';
import { dist, lerp, pointLineDistance, toXY, type XY } from './geo';
import type { Rng } from './random';
import { inUrbanArea, type RoadCollector, type RoadDraft, type UrbanArea } from './road-network';
import { placeStem, routeName, villageRoadName } from './road-names';
import { bentPath } from './road-shape';
import type { PlacedVillages } from './villages';

const COUNTY_BEND = { amplitude: 0.02, maxOffset: 350, step: 150 };
const LOCAL_BEND = { amplitude: 0.04, maxOffset: 150, step: 100 };

export function addCountyRoads(base: LoadedBase, areas: UrbanArea[], roads: RoadCollector, rng: Rng): void {
  const inTown = (p: XY) => areas.some((a) => inUrbanArea(a, p, 800));
  const towns = base.townships.map((t) => ({ code: t.code, county: t.countyCode, name: t.name, p: toXY(t.point!) }));
  const links: [number, number][] = []; // indices into towns; -1 - k stands for county k's seat
  const has = (a: number, b: number) => links.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
  const pos = (i: number) => (i >= 0 ? towns[i].p : toXY(base.counties[-1 - i].seat));

  towns.forEach((t, i) => {
    if (inTown(t.p)) return; // the street grid serves it
    const k = base.counties.findIndex((c) => c.code === t.county);
    const seat = toXY(base.counties[k].seat);
    const direct = dist(t.p, seat);
    let target = -1 - k;
    let best = direct;
    towns.forEach((c, j) => {
      if (j === i || c.county !== t.county || dist(c.p, seat) >= direct) return;
      const d = dist(t.p, c.p);
      if (d < best && d + dist(c.p, seat) <= 1.2 * direct) {
        best = d;
        target = j;
      }
    });
    if (!has(i, target)) links.push([i, target]);
  });

  towns.forEach((t, i) => {
    const near = towns
      .map((c, j) => ({ j, d: dist(t.p, c.p) }))
      .filter(({ j, d }) => j !== i && d < 15_000)
      .sort((a, b) => a.d - b.d)
      .slice(0, 2);
    near.forEach(({ j }, rank) => {
      if (has(i, j) || (rank === 1 && !rng.chance(0.6))) return;
      // Skip a link leaving a town within 35° of one it already has: it would run alongside it.
      const heading = angle(t.p, towns[j].p);
      const crowded = links.some(([a, b]) =>
        (a === i && angleGap(heading, angle(t.p, pos(b))) < 0.61) ||
        (b === i && angleGap(heading, angle(t.p, pos(a))) < 0.61));
      if (!crowded) links.push([i, j]);
    });
  });

  // A link running along a trunk road for its whole length would double it: the trunk serves it.
  const trunks = roads.added(['national', 'provincial']).map((d) => d.line);
  const alongTrunk = (a: XY, b: XY) =>
    trunks.some((line) => [0, 0.25, 0.5, 0.75, 1].every((t) => pointLineDistance(lerp(a, b, t), line) < 1200));

  const counters = new Map<string, number>();
  for (const [a, b] of links) {
    if (alongTrunk(pos(a), pos(b))) continue;
    const county = a >= 0 ? towns[a].county : base.counties[-1 - a].code;
    const n = (counters.get(county) ?? 0) + 1;
    counters.set(county, n);
    const ref = `X${String(n).padStart(3, '0')}`;
    const nameOf = (i: number) => (i >= 0 ? placeStem(towns[i].name) : base.counties[-1 - i].name);
    roads.add({
      class: 'county',
      name: routeName(ref, nameOf(a), nameOf(b)),
      ref,
      designSpeed: 60,
      lit: false,
      urban: false,
      synthetic: true,
      line: bentPath(pos(a), pos(b), rng, COUNTY_BEND),
      litNearTowns: true,
    });
  }
}

interface LocalNode {
  p: XY;
  township: string;
  /** Name the roads to it take: its own for a committee, its administrative village's for a hamlet. */
  name: string;
  hamlet: boolean;
  headings: number[]; // directions of the links already leaving it
}

export function addTownshipRoads(
  base: LoadedBase,
  placed: PlacedVillages,
  areas: UrbanArea[],
  roads: RoadCollector,
  rng: Rng,
): void {
  const rural = (p: XY) => !areas.some((a) => inUrbanArea(a, p));
  const counters = new Map<string, number>();
  const nodes: LocalNode[] = [];
  const link = (a: LocalNode, b: LocalNode, draft: Omit<RoadDraft, 'line' | 'lit' | 'urban' | 'synthetic'>) => {
    a.headings.push(angle(a.p, b.p));
    b.headings.push(angle(b.p, a.p));
    roads.add({ ...draft, lit: false, urban: false, synthetic: true, line: bentPath(a.p, b.p, rng, LOCAL_BEND) });
  };

  for (const t of base.townships) {
    const root: LocalNode = { p: toXY(t.point!), township: t.code, name: t.name, hamlet: false, headings: [] };
    const members: LocalNode[] = [
      ...placed.villages
        .filter((v) => v.townshipCode === t.code)
        .map((v) => ({ p: toXY(v.point), township: t.code, name: v.name, hamlet: false, headings: [] })),
      ...placed.hamlets
        .filter((h) => h.townshipCode === t.code)
        .map((h) => ({ p: h.point, township: t.code, name: h.villageName, hamlet: true, headings: [] })),
    ].filter((n) => rural(n.p));
    if (members.length === 0) continue;
    const local = [root, ...members];
    nodes.push(...members);
    const parent = primTree(local.map((n) => n.p));
    const beyond = subtreeSizes(parent);
    for (let i = 1; i < local.length; i++) {
      const from = local[parent[i]];
      const to = local[i];
      if (beyond[i] >= 3) {
        const n = (counters.get(t.countyCode) ?? 0) + 1;
        counters.set(t.countyCode, n);
        const ref = `Y${String(n).padStart(3, '0')}`;
        const name = routeName(ref, from.name, to.name);
        link(from, to, { class: 'township', name, ref, designSpeed: 40, litNearTowns: true });
      } else link(from, to, { class: 'village', name: villageRoadName(to.name), ref: null, designSpeed: 30, litNearTowns: true });
    }
  }

  // Loops: a spanning tree alone looks like twigs; real village roads form a mesh, also across
  // township lines. Skip any link that would leave either end within 40° of an existing road.
  const cellOf = (p: XY) => `${Math.floor(p[0] / 3000)},${Math.floor(p[1] / 3000)}`;
  const grid = new Map<string, LocalNode[]>();
  for (const n of nodes) {
    if (!grid.has(cellOf(n.p))) grid.set(cellOf(n.p), []);
    grid.get(cellOf(n.p))!.push(n);
  }
  const clearOf = (n: LocalNode, heading: number) => n.headings.every((h) => angleGap(h, heading) > 0.7);
  for (const n of nodes) {
    if (!rng.chance(0.55)) continue;
    const [cx, cy] = [Math.floor(n.p[0] / 3000), Math.floor(n.p[1] / 3000)];
    const candidates: { m: LocalNode; d: number }[] = [];
    for (let i = cx - 1; i <= cx + 1; i++)
      for (let j = cy - 1; j <= cy + 1; j++)
        for (const m of grid.get(`${i},${j}`) ?? []) {
          const d = dist(n.p, m.p);
          if (m !== n && d < 3000) candidates.push({ m, d });
        }
    candidates.sort((a, b) => a.d - b.d);
    const pick = candidates.find(({ m }) => clearOf(n, angle(n.p, m.p)) && clearOf(m, angle(m.p, n.p)));
    if (!pick) continue;
    const crossTownship = pick.m.township !== n.township;
    if (crossTownship) {
      const county = n.township.slice(0, 6);
      const k = (counters.get(county) ?? 0) + 1;
      counters.set(county, k);
      const ref = `Y${String(k).padStart(3, '0')}`;
      const name = routeName(ref, n.name, pick.m.name);
      link(n, pick.m, { class: 'township', name, ref, designSpeed: 40 });
    } else link(n, pick.m, { class: 'village', name: villageRoadName(pick.m.name), ref: null, designSpeed: 30 });
  }

  // Main streets through each settlement (500–900 m, hamlets shorter), oriented away from the
  // roads already there; three in ten committee villages have solar street lights.
  for (const n of nodes) {
    const half = n.hamlet ? rng.uniform(150, 250) : rng.uniform(250, 450);
    let heading = rng.uniform(0, Math.PI);
    for (let k = 0; k < 6 && !n.headings.every((h) => angleGap(h, heading) > 0.5 && angleGap(h, heading + Math.PI) > 0.5); k++)
      heading = rng.uniform(0, Math.PI);
    const dx = Math.cos(heading) * half;
    const dy = Math.sin(heading) * half;
    roads.add({
      class: 'village',
      name: n.hamlet ? villageRoadName(n.name) : `${placeStem(n.name)}大街`,
      ref: null, designSpeed: 30,
      lit: !n.hamlet && rng.chance(0.3), urban: false, synthetic: true,
      line: [[n.p[0] - dx, n.p[1] - dy], n.p, [n.p[0] + dx, n.p[1] + dy]],
    });
  }
}

/** Prim's minimum spanning tree rooted at node 0: parent index of every node (−1 for the root). */
function primTree(points: XY[]): number[] {
  const n = points.length;
  const parent = new Array<number>(n).fill(-1);
  const best = new Array<number>(n).fill(Infinity);
  const done = new Array<boolean>(n).fill(false);
  best[0] = 0;
  for (let step = 0; step < n; step++) {
    let u = -1;
    for (let i = 0; i < n; i++) if (!done[i] && (u < 0 || best[i] < best[u])) u = i;
    done[u] = true;
    for (let v = 0; v < n; v++) {
      if (done[v]) continue;
      const d = dist(points[u], points[v]);
      if (d < best[v]) {
        best[v] = d;
        parent[v] = u;
      }
    }
  }
  return parent;
}

/** Number of nodes in each node's subtree (itself included). */
function subtreeSizes(parent: number[]): number[] {
  const size = new Array<number>(parent.length).fill(1);
  const depth = parent.map((_, i) => {
    let d = 0;
    for (let k = i; parent[k] >= 0; k = parent[k]) d++;
    return d;
  });
  const order = parent.map((_, i) => i).sort((a, b) => depth[b] - depth[a]);
  for (const i of order) if (parent[i] >= 0) size[parent[i]] += size[i];
  return size;
}

function angle(a: XY, b: XY): number {
  return Math.atan2(b[1] - a[1], b[0] - a[0]);
}

function angleGap(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}
