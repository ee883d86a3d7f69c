import { ScatterplotLayer, type Layer, type PickingInfo } from 'deck.gl';
import { cssColor } from '../accidents/severity';
import type { DeckLayerDefinition, LayerBuildContext, LegendItem } from '../layer-types';
import { OVERDUE_COLOR, STATUS_COLOR, hazardMarker } from './hazard-colors';
import type { HazardLayerInput } from './hazard-layer-input';
import { HazardMarkersLayer, onMarkerClick } from './hazard-markers-layer';
import { HAZARD_STATES, type HazardFeature } from './hazard-types';

const SELECTED_RING: [number, number, number, number] = [20, 40, 90, 255];
const DRAFT_COLOR: [number, number, number, number] = [220, 38, 38, 255];
const props = (f: HazardFeature) => f.properties;

/**
 * Dots coloured by status with the type's mark inside, merged into counted circles at city zoom;
 * overdue ones ringed in red; the chosen one ringed dark.
 */
export function buildHazardLayers(ctx: LayerBuildContext<HazardLayerInput>): Layer[] {
  const input = ctx.input;
  if (!input) return [];
  const position = (f: HazardFeature) => f.geometry.coordinates;
  const selected = input.features.filter((f) => f.properties.id === input.selectedId);
  return [
    new ScatterplotLayer<HazardFeature>({
      id: 'hazards-selected',
      data: selected,
      visible: ctx.visible,
      getPosition: position,
      radiusUnits: 'pixels',
      getRadius: (f) => hazardMarker(props(f)).radius + 5,
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      getLineColor: SELECTED_RING,
    }),
    new HazardMarkersLayer({
      id: 'hazards',
      data: input.features,
      visible: ctx.visible,
      glyph: input.glyph,
      onPick: input.onPick,
      onPickCluster: input.onPickCluster,
      pickable: true,
      onClick: (info: PickingInfo) => {
        onMarkerClick(info.layer as HazardMarkersLayer, info.object);
        return true;
      },
    }),
    new ScatterplotLayer<[number, number]>({
      id: 'hazards-draft',
      data: input.draft ? [input.draft] : [],
      visible: ctx.visible,
      getPosition: (p) => p,
      radiusUnits: 'pixels',
      getRadius: 9,
      getFillColor: [255, 255, 255, 230],
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      getLineColor: DRAFT_COLOR,
    }),
  ];
}

// Above the hotspots (42–46), below the labels (50): the ledger is what an officer works on.
export const hazardsLayer: DeckLayerDefinition<HazardLayerInput> = {
  id: 'hazards',
  engine: 'deck',
  labelKey: 'layer.hazards',
  order: 48,
  defaultVisible: true,
  legend: [
    ...HAZARD_STATES.map((s): LegendItem => ({ labelKey: `hazard.status.${s}`, symbol: { kind: 'dot', color: cssColor(STATUS_COLOR[s]), size: 10, outline: '#ffffff' } })),
    { labelKey: 'hazard.overdue', symbol: { kind: 'dot', color: cssColor(STATUS_COLOR.assigned), size: 10, outline: cssColor(OVERDUE_COLOR) } },
  ],
  build: buildHazardLayers,
};
