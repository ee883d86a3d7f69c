/**
 * The trunk network: the real Natural Earth lines (kept as they are, unnamed except G20), plus
 * synthetic national and provincial corridors between the county seats and towards the
 * neighbouring cities, routed through the towns they pass near. The route numbers and names are
 * plausible, not the real ones: Natural Earth carries no refs, and no reachable source gives
 * Liaocheng's numbered network.
 */
import type { LoadedBase } from './base-data';
import { toXY, type XY } from './geo';
import type { Rng } from './random';
import type { RoadCollector } from './road-network';
import { routeName } from './road-names';
import { bentRoute, viaPlaces } from './road-shape';
import type { LonLat } from './types';

/** Neighbouring towns, outside Liaocheng, that routes head for (clipped at the boundary). */
const EXTERNAL: Record<string, LonLat> = {
  平原: [116.43, 37.17], 夏津: [116.0, 36.96], 禹城: [116.66, 36.93], 济南: [117.0, 36.67],
  齐河: [116.76, 36.8], 平阴: [116.45, 36.28], 东平: [116.44, 35.94], 梁山: [116.1, 35.8],
  台前: [115.87, 35.88], 范县: [115.5, 35.86], 南乐: [115.2, 36.08], 大名: [115.14, 36.29],
  馆陶: [115.28, 36.54], 临西: [115.5, 36.87], 清河: [115.67, 37.07],
};

const SEAT_CODE: Record<string, string> = {
  聊城: '371502', 茌平: '371503', 阳谷: '371521', 莘县: '371522',
  东阿: '371524', 冠县: '371525', 高唐: '371526', 临清: '371581',
};

interface Corridor {
  ref: string;
  /** National routes have fixed names; provincial ones are named from their ends. */
  title?: string;
  via: string[];
  designSpeed: number;
}

const NATIONAL: Corridor[] = [
  { ref: 'G105', title: '京澳线', via: ['平原', '高唐', '茌平', '东阿', '东平'], designSpeed: 80 },
  { ref: 'G309', title: '青兰线', via: ['济南', '聊城', '冠县', '馆陶'], designSpeed: 80 },
  { ref: 'G220', title: '东深线', via: ['聊城', '阳谷', '台前'], designSpeed: 80 },
  { ref: 'G342', title: '日凤线', via: ['平阴', '东阿', '阳谷', '莘县', '南乐'], designSpeed: 80 },
  { ref: 'G308', title: '青石线', via: ['禹城', '高唐', '临清', '临西'], designSpeed: 80 },
];

/** Seat-to-seat provincial roads are built to 80 km/h, spurs to the neighbours to 60. */
const PROVINCIAL: Corridor[] = [
  { ref: 'S254', via: ['临清', '冠县', '莘县', '范县'], designSpeed: 80 },
  { ref: 'S316', via: ['聊城', '茌平', '齐河'], designSpeed: 80 },
  { ref: 'S324', via: ['聊城', '东阿'], designSpeed: 80 },
  { ref: 'S258', via: ['临清', '茌平'], designSpeed: 80 },
  { ref: 'S259', via: ['阳谷', '梁山'], designSpeed: 60 },
  { ref: 'S260', via: ['冠县', '大名'], designSpeed: 60 },
];

const TRUNK_BEND = { amplitude: 0.012, maxOffset: 450, step: 200 };
const TOWN_REACH = 2500; // m: a town this close to a corridor gets the road through it

export function addTrunkRoads(base: LoadedBase, roads: RoadCollector, rng: Rng): void {
  addNaturalEarth(base, roads);
  const place = (name: string): XY => {
    if (name === '聊城') return toXY(base.cityCentre);
    const code = SEAT_CODE[name];
    if (code) return toXY(base.counties.find((c) => c.code === code)!.seat);
    return toXY(EXTERNAL[name]);
  };
  const towns = base.townships.filter((t) => t.point && t.pointSource === 'station').map((t) => toXY(t.point!));
  const add = (c: Corridor, cls: 'national' | 'provincial') => {
    const waypoints: XY[] = [place(c.via[0])];
    for (let i = 1; i < c.via.length; i++)
      waypoints.push(...viaPlaces(waypoints[waypoints.length - 1], place(c.via[i]), towns, TOWN_REACH).slice(1));
    roads.add({
      class: cls,
      name: c.title ? `${c.ref}${c.title}` : routeName(c.ref, c.via[0], c.via[c.via.length - 1]),
      ref: c.ref,
      designSpeed: c.designSpeed,
      lit: false,
      urban: false,
      synthetic: true,
      line: bentRoute(waypoints, rng, TRUNK_BEND),
      litNearTowns: true,
    });
  };
  for (const c of NATIONAL) add(c, 'national');
  for (const c of PROVINCIAL) add(c, 'provincial');
}

/**
 * Natural Earth's 'Major Highway' lines inside Liaocheng form one chain: the G20 青银高速 (the
 * shared data's README identifies it). The rest ('Road', 'Unknown') are trunk roads whose number is
 * unknown; they are kept as national roads with a generic name rather than a guessed one.
 */
function addNaturalEarth(base: LoadedBase, roads: RoadCollector): void {
  for (const f of base.trunkRoads) {
    const expressway = f.neType === 'Major Highway';
    roads.add({
      class: expressway ? 'expressway' : 'national',
      name: expressway ? 'G20青银高速' : '干线公路',
      ref: expressway ? 'G20' : null,
      designSpeed: expressway ? 120 : 80,
      lit: false,
      urban: false,
      synthetic: false,
      line: f.coordinates.map(toXY),
      litNearTowns: !expressway,
    });
  }
}
