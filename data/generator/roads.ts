/**
 * The demo road network: real trunk lines plus a deterministic synthetic network on the real
 * anchors (county seats, township points, placed villages). The order of the builders fixes the
 * road ids: trunk, county, township and village roads, then the town grids.
 */
import type { LoadedBase } from './base-data';
import type { Rng } from './random';
import { RoadCollector } from './road-network';
import { addCountyRoads, addTownshipRoads } from './road-rural';
import { addTrunkRoads } from './road-trunk';
import { addUrbanGrid, urbanAreas } from './road-urban';
import type { Road } from './types';
import type { PlacedVillages } from './villages';

export function buildRoads(base: LoadedBase, villages: PlacedVillages, rng: Rng): Road[] {
  const areas = urbanAreas(base, rng.fork('urban-areas'));
  const roads = new RoadCollector(base, areas);
  addTrunkRoads(base, roads, rng.fork('trunk'));
  addCountyRoads(base, areas, roads, rng.fork('county'));
  addTownshipRoads(base, villages, areas, roads, rng.fork('township'));
  const urbanRng = rng.fork('urban');
  for (const area of areas) addUrbanGrid(area, roads, urbanRng);
  return roads.build();
}
