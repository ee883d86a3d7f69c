import { ScatterplotLayer, TextLayer, type Layer, type PickingInfo } from 'deck.gl';
import { cssColor } from '../accidents/severity';
import type { DeckLayerDefinition, LayerBuildContext, LegendItem } from '../layer-types';
import { OVERDUE_COLOR, STATUS_COLOR, hazardMarker } from './hazard-colors';
import type { HazardLayerInput } from './hazard-layer-input';
import { HAZARD_STATES, type HazardFeature } from './hazard-types';

const SELECTED_RING: [number, number, number, number] = [20, 40, 90, 255];
const DRAFT_COLOR: [number, number, number, number] = [220, 38, 38, 255];
const props = (f: HazardFeature) => f.properties;

/** Dots coloured by status with the type's mark inside; overdue ones ringed in red; the chosen one ringed dark. */
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
    new ScatterplotLayer<HazardFeature>({
      id: 'hazards',
      data: input.features,
      visible: ctx.visible,
      getPosition: position,
      radiusUnits: 'pixels',
      getRadius: (f) => hazardMarker(props(f)).radius,
      getFillColor: (f) => hazardMarker(props(f)).fill,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: (f) => hazardMarker(props(f)).ringWidth,
      getLineColor: (f) => hazardMarker(props(f)).ring,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 90],
      onClick: (info: PickingInfo<HazardFeature>) => {
        if (info.object) input.onPick(info.object.properties.id);
        return true;
      },
    }),
    new TextLayer<HazardFeature>({
      id: 'hazards-glyphs',
      data: input.features,
      visible: ctx.visible,
      getPosition: position,
      getText: (f) => input.glyph(props(f).type),
      getSize: 11,
      getColor: [255, 255, 255, 255],
      fontFamily: "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
      fontWeight: 700,
      characterSet: 'auto',
      updateTriggers: { getText: input.glyph },
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
