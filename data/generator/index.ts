/**
 * The demo world generator: real base data (boundaries, names, trunk roads, population) with the
 * synthetic parts (village positions, the road network below trunk level, accidents) built on it,
 * deterministically from a seed. Nothing is cached between calls, so two seeds never share state.
 */
import { loadBase } from './base-data';
import { Rng } from './random';
import { buildRoads } from './roads';
import type { BaseWorld } from './types';
import { placeVillages } from './villages';

export const DEFAULT_SEED = 20261124;

export function generateBaseWorld(seed = DEFAULT_SEED): BaseWorld {
  const base = loadBase();
  const rng = new Rng(seed, 'world');
  const placed = placeVillages(base, rng.fork('villages'));
  const roads = buildRoads(base, placed, rng.fork('roads'));
  return { counties: base.counties, townships: base.townships, villages: placed.villages, roads };
}

export type * from './types';
export { generateAccidents, marketTowns, TARGET_SHARES, type AccidentOptions } from './accidents';
export {
  demoLights, LIGHT_EFFECT, LIGHT_RADIUS, PLACEBO_SHARE, type DemoLight, type LightProgramme, type LightType,
} from './lights';
