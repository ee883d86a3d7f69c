/**
 * Street grids for the eight county seats, the city core (东昌府区) the largest. County towns on
 * the North China Plain are laid out as near-regular grids: a ring road, arterials about every
 * kilometre, and local streets between them that often stop after a few blocks. Arterials take
 * direction-suffixed names on either side of the centre (建设东路 / 建设西路), as such towns do.
 */
import type { LoadedBase } from './base-data';
import { toXY, type XY } from './geo';
import type { Rng } from './random';
import { fromAreaFrame, type RoadCollector, type UrbanArea } from './road-network';
import { StreetNamer } from './road-names';

/** Half-sizes (m, east–west then north–south) of each seat's grid, roughly by town size. */
const TOWN_HALF_SIZE: Record<string, [number, number]> = {
  '371502': [7000, 5500], '371503': [3000, 2600], '371521': [3000, 2700], '371522': [3200, 3000],
  '371524': [2400, 2200], '371525': [2800, 2500], '371526': [2800, 2600], '371581': [3400, 3000],
};

export function urbanAreas(base: LoadedBase, rng: Rng): UrbanArea[] {
  return base.counties.map((county) => {
    const cityCore = county.code === '371502';
    const seat = toXY(county.seat);
    // The city core spans the old town (Gulou, the district seat) and the newer east side.
    const centre: XY = cityCore
      ? [(seat[0] + toXY(base.cityCentre)[0]) / 2, (seat[1] + toXY(base.cityCentre)[1]) / 2]
      : seat;
    const [halfWidth, halfHeight] = TOWN_HALF_SIZE[county.code];
    return { countyCode: county.code, centre, halfWidth, halfHeight, angle: rng.uniform(-0.06, 0.06), cityCore };
  });
}

export function addUrbanGrid(area: UrbanArea, roads: RoadCollector, rng: Rng): void {
  const names = new StreetNamer(rng);
  const arterialSpeed = area.cityCore ? 60 : 50;
  const spacing = area.cityCore ? 1000 : 900;
  const W = area.halfWidth;
  const H = area.halfHeight;
  // Grid lines in the area frame: u runs east, v runs north. Vertical lines sit at u positions.
  const uArterials = positions(-W, W, spacing, rng);
  const vArterials = positions(-H, H, spacing, rng);
  const line = (a: XY, b: XY) => [fromAreaFrame(area, a), fromAreaFrame(area, b)];

  const ring = area.cityCore ? ['东外环路', '西外环路', '南外环路', '北外环路'] : ['环城东路', '环城西路', '环城南路', '环城北路'];
  const ringLines: [XY, XY][] = [
    [[W, -H], [W, H]], [[-W, -H], [-W, H]], [[-W, -H], [W, -H]], [[-W, H], [W, H]],
  ];
  ringLines.forEach(([a, b], i) =>
    roads.add(urban('urban_arterial', ring[i], 60, true, line(a, b))),
  );

  // Arterials cross the whole town; each is split at the cross street nearest the centre.
  const arterial = (vertical: boolean, at: number) => {
    const stem = names.stem();
    const cuts = vertical ? [-H, ...vArterials, H] : [-W, ...uArterials, W];
    const mid = cuts.slice(1, -1).reduce((best, c) => (Math.abs(c) < Math.abs(best) ? c : best), 0);
    const [lo, hi] = vertical ? ['南路', '北路'] : ['西路', '东路'];
    const end = vertical ? H : W;
    for (const [from, to, suffix] of [[-end, mid, lo], [mid, end, hi]] as const) {
      const a: XY = vertical ? [at, from] : [from, at];
      const b: XY = vertical ? [at, to] : [to, at];
      roads.add(urban('urban_arterial', `${stem}${suffix}`, arterialSpeed, true, line(a, b)));
    }
  };
  for (const u of uArterials) arterial(true, u);
  for (const v of vArterials) arterial(false, v);

  // Local streets: one or two between neighbouring arterials, present block by block.
  const streets = (vertical: boolean) => {
    const across = vertical ? [-W, ...uArterials, W] : [-H, ...vArterials, H];
    const along = vertical ? [-H, ...vArterials, H] : [-W, ...uArterials, W];
    for (let i = 1; i < across.length; i++) {
      const gap = across[i] - across[i - 1];
      const count = gap > 650 ? (gap > 1000 ? 2 : 1) : 0;
      for (let k = 1; k <= count; k++) {
        const at = across[i - 1] + (gap * k) / (count + 1) + rng.uniform(-60, 60);
        const name = `${names.stem()}${rng.weighted(['街', '路', '巷'], [0.5, 0.35, 0.15])}`;
        let runStart: number | null = null;
        for (let j = 1; j <= along.length; j++) {
          // Blocks thin out towards the edge of town, where fields and factories take over.
          const mid = j < along.length ? (along[j - 1] + along[j]) / 2 : 0;
          const edge = Math.max(Math.abs(at) / (vertical ? W : H), Math.abs(mid) / (vertical ? H : W));
          const present = j < along.length && rng.chance(0.92 - Math.max(0, edge - 0.45));
          if (present && runStart === null) runStart = j - 1;
          if (!present && runStart !== null) {
            const from = along[runStart];
            const to = along[j - 1];
            const a: XY = vertical ? [at, from] : [from, at];
            const b: XY = vertical ? [at, to] : [to, at];
            const speed = to - from >= 1500 ? 40 : 30;
            roads.add(urban('urban_street', name, speed, rng.chance(0.88), line(a, b)));
            runStart = null;
          }
        }
      }
    }
  };
  streets(true);
  streets(false);
}

/** Evenly spaced positions strictly inside (lo, hi), jittered so no two towns look alike. */
function positions(lo: number, hi: number, spacing: number, rng: Rng): number[] {
  const n = Math.max(1, Math.round((hi - lo) / spacing) - 1);
  const step = (hi - lo) / (n + 1);
  return Array.from({ length: n }, (_, i) => lo + step * (i + 1) + rng.uniform(-0.12, 0.12) * step);
}

function urban(cls: 'urban_arterial' | 'urban_street', name: string, designSpeed: number, lit: boolean, line: XY[]) {
  return { class: cls, name, ref: null, designSpeed, lit, urban: true, synthetic: true, line } as const;
}
