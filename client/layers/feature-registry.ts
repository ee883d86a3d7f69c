import { accidentsFeature } from './accidents/accidents-feature';
import { baseFeature } from './base/base-feature';
import type { LayerVisibility, MapFeature } from './feature-types';
import { evaluationFeature } from './evaluation/evaluation-feature';
import { searchFeature } from './search/search-feature';
import { hazardsFeature } from './hazards/hazards-feature';
import { hotspotsFeature } from './hotspots/hotspots-feature';
import { lightsFeature } from './lights/lights-feature';
import { marketsFeature } from './markets/markets-feature';
import { schoolsFeature } from './schools/schools-feature';
import type { LayerDefinition } from './layer-types';
import { sightLinesFeature } from './sight-lines/sight-lines-feature';

/**
 * Every feature of the map, one line each. Their hooks run in this order on every render, and
 * their panel sections and cards appear in it; a feature reads what earlier ones offer (services)
 * as of the same render, so the ledger comes before the analyses that register hazards through it.
 */
export const FEATURES: readonly MapFeature[] = [
  baseFeature,
  accidentsFeature,
  hotspotsFeature,
  hazardsFeature,
  sightLinesFeature,
  marketsFeature,
  schoolsFeature,
  lightsFeature,
  evaluationFeature,
  searchFeature,
];

/** A layer with the feature it belongs to (its build gets that feature's input). */
export type RegisteredLayer = LayerDefinition & { feature: string };

/**
 * Every map layer, bottom to top by `order`: ground, township lines, county lines, roads, accidents,
 * hotspots (grid, segments, clusters), sight-line intersections, hazards, labels. Labels stay on
 * top so that place names remain readable over dense clusters; hotspots sit over the crashes they
 * were computed from (see hotspots/hotspot-layers.ts).
 */
export const LAYER_REGISTRY: readonly RegisteredLayer[] = FEATURES.flatMap((f) => f.layers.map((l) => ({ ...l, feature: f.id })))
  .sort((a, b) => a.order - b.order);

export function defaultVisibility(): LayerVisibility {
  return Object.fromEntries(LAYER_REGISTRY.map((l) => [l.id, l.defaultVisible]));
}
