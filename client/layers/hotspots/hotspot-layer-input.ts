import type { GridNeighbourhood } from './grid-neighbourhood';
import type { HotspotFeature, HotspotResult } from './hotspot-types';

export interface HotspotHover {
  feature: HotspotFeature;
  /** Pointer position over the map, in CSS pixels. */
  x: number;
  y: number;
}

/** What the hotspot layers draw: the result on screen and how the user is interacting with it. */
export interface HotspotLayerInput {
  result: HotspotResult;
  /** Grid: colour by the false-discovery-rate corrected bin. */
  useFdr: boolean;
  selected: HotspotFeature | null;
  /** Grid: the chosen cell's neighbourhood, outlined with the band Gi* weighed. */
  neighbourhood: GridNeighbourhood | null;
  /** A newer run is computing: the result is drawn faded until it arrives. */
  stale: boolean;
  onPick(feature: HotspotFeature): void;
  onHover(hover: HotspotHover | null): void;
}
