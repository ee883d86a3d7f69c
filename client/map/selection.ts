import type { HotspotFeature } from '@client/layers/hotspots/hotspot-types';

/**
 * What the user has picked on the map. A hotspot is held by its feature object: a new analysis
 * result has new objects, so a selection from an older run simply no longer matches.
 */
export type Selection =
  | { kind: 'none' }
  | { kind: 'accident'; id: number }
  | { kind: 'hotspot'; feature: HotspotFeature }
  | { kind: 'hazard'; id: number }
  | { kind: 'intersection'; id: number };

export const NO_SELECTION: Selection = { kind: 'none' };
