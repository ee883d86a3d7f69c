import { accidentsLayer } from './accidents/accidents-layer';
import { countiesLayer } from './base/counties-layer';
import { labelsLayer } from './base/labels-layer';
import { roadsLayer } from './base/roads-layer';
import { townshipsLayer } from './base/townships-layer';
import { hazardsLayer } from './hazards/hazards-layer';
import { hotspotClustersLayer, hotspotGridLayer, hotspotSegmentsLayer } from './hotspots/hotspot-layers';
import type { LayerDefinition, LayerId } from './layer-types';
import { sightLinesLayer } from './sight-lines/sight-lines-layer';

/**
 * Every map layer, by id. The panel lists them, the legend comes from them and the map draws
 * them in `order` (bottom to top): ground, township lines, county lines, roads, accidents, hotspots
 * (grid, segments, clusters), sight-line intersections, hazards, labels. Labels stay on top so that place names remain readable over
 * dense clusters; hotspots sit over the crashes they were computed from (see hotspot-layers.ts).
 */
export const LAYER_REGISTRY: readonly LayerDefinition[] = [
  townshipsLayer,
  countiesLayer,
  roadsLayer,
  accidentsLayer,
  hotspotGridLayer,
  hotspotSegmentsLayer,
  hotspotClustersLayer,
  sightLinesLayer,
  hazardsLayer,
  labelsLayer,
].sort((a, b) => a.order - b.order);

export function layerById(id: LayerId): LayerDefinition {
  const found = LAYER_REGISTRY.find((l) => l.id === id);
  if (!found) throw new Error(`unknown layer ${id}`);
  return found;
}

export type LayerVisibility = Record<LayerId, boolean>;

export function defaultVisibility(): LayerVisibility {
  return Object.fromEntries(LAYER_REGISTRY.map((l) => [l.id, l.defaultVisible])) as LayerVisibility;
}
