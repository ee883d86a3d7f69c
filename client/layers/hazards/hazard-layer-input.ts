import type { Bounds } from '@client/api/types';
import type { Hazard, HazardFeature } from './hazard-types';

/** What the hazards layer draws: the filtered ledger, the chosen hazard and a point being registered. */
export interface HazardLayerInput {
  features: readonly HazardFeature[];
  selectedId: number | null;
  /** Where a new hazard will be registered, before it is saved. */
  draft: [number, number] | null;
  /** The short mark of a type drawn in its dot (视, 灯, …), in the user's language. */
  glyph(type: Hazard['type']): string;
  onPick(id: number): void;
  /** A cluster of markers was clicked: zoom to the box of what it holds. */
  onPickCluster(bounds: Bounds): void;
}
