import { GeoJsonLayer, ScatterplotLayer, TextLayer, type Layer, type PickingInfo } from 'deck.gl';
import { cssColor } from '../accidents/severity';
import type { DeckLayerDefinition, LayerBuildContext, LegendItem } from '../layer-types';
import { GATE_COLOR, SCHOOL_STATES, SCHOOL_STATE_COLOR, TOO_NEAR_COLOR, ZONE_COLOR, schoolState } from './school-colors';
import type { Gate, SchoolFeature } from './school-types';

/** What the schools layer draws: the filtered schools, and the open one's zone, gates and nearest intersections. */
export interface SchoolLayerInput {
  features: readonly SchoolFeature[];
  selectedId: number | null;
  zone: GeoJSON.MultiLineString | null;
  gates: readonly Gate[];
  onPick(feature: SchoolFeature): void;
}

const SELECTED_RING: [number, number, number, number] = [20, 40, 90, 255];
const FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

type Near = { position: [number, number]; tooNear: boolean };

/**
 * Schools as dots with 校, coloured by what needs doing first; the open school's zone (roads within
 * 150 m of its gates) in violet, its gates dark, and the nearest intersection along each gate's
 * road (red when nearer than 100 m).
 */
export function buildSchoolLayers(ctx: LayerBuildContext<SchoolLayerInput>): Layer[] {
  const input = ctx.input;
  if (!input) return [];
  const position = (f: SchoolFeature) => f.geometry.coordinates;
  const color = (f: SchoolFeature) => SCHOOL_STATE_COLOR[schoolState(f.properties)];
  const near: Near[] = input.gates.flatMap((g) =>
    g.nearestIntersection ? [{ position: [g.nearestIntersection.lon, g.nearestIntersection.lat] as [number, number], tooNear: g.intersectionFarEnough === false }] : [],
  );
  return [
    new GeoJsonLayer({
      id: 'schools-zone',
      data: (input.zone ? [{ type: 'Feature', geometry: input.zone, properties: {} }] : []) as never,
      visible: ctx.visible,
      stroked: true,
      filled: false,
      getLineColor: ZONE_COLOR,
      lineWidthUnits: 'pixels',
      getLineWidth: 7,
      lineCapRounded: true,
      lineJointRounded: true,
    }),
    new ScatterplotLayer<Near>({
      id: 'schools-near-intersections',
      data: near,
      visible: ctx.visible,
      getPosition: (n) => n.position,
      radiusUnits: 'pixels',
      getRadius: 6,
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 2.5,
      getLineColor: (n) => (n.tooNear ? TOO_NEAR_COLOR : GATE_COLOR),
    }),
    new ScatterplotLayer<Gate>({
      id: 'schools-gates',
      data: input.gates as Gate[],
      visible: ctx.visible,
      getPosition: (g) => [g.lon, g.lat],
      radiusUnits: 'pixels',
      getRadius: 5,
      getFillColor: GATE_COLOR,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      getLineColor: [255, 255, 255, 255],
    }),
    new ScatterplotLayer<SchoolFeature>({
      id: 'schools',
      data: input.features,
      visible: ctx.visible,
      getPosition: position,
      radiusUnits: 'pixels',
      getRadius: 9,
      getFillColor: color,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      getLineColor: [255, 255, 255, 255],
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 110],
      onClick: (info: PickingInfo<SchoolFeature>) => {
        if (info.object) input.onPick(info.object);
        return true;
      },
    }),
    new TextLayer<SchoolFeature>({
      id: 'schools-glyphs',
      data: input.features,
      visible: ctx.visible,
      getPosition: position,
      getText: () => '校',
      getSize: 11,
      getColor: [255, 255, 255, 255],
      fontFamily: FONT,
      fontWeight: 700,
      characterSet: ['校'],
    }),
    new ScatterplotLayer<SchoolFeature>({
      id: 'schools-selected',
      data: input.features.filter((f) => f.id === input.selectedId),
      visible: ctx.visible,
      getPosition: position,
      radiusUnits: 'pixels',
      getRadius: 14,
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      getLineColor: SELECTED_RING,
    }),
  ];
}

// Beside the markets, under the hazards (48): a school's failed items become hazards drawn over it.
export const schoolsLayer: DeckLayerDefinition<SchoolLayerInput> = {
  id: 'schools',
  engine: 'deck',
  labelKey: 'layer.schools',
  order: 47.7,
  defaultVisible: false,
  legend: [
    ...SCHOOL_STATES.map((s): LegendItem => ({ labelKey: `school.state.${s}`, symbol: { kind: 'dot', color: cssColor(SCHOOL_STATE_COLOR[s]), size: 12, outline: '#ffffff' } })),
    { labelKey: 'school.legend.zone', symbol: { kind: 'line', color: cssColor(ZONE_COLOR), width: 6 } },
    { labelKey: 'school.legend.tooNear', symbol: { kind: 'dot', color: '#ffffff', size: 10, outline: cssColor(TOO_NEAR_COLOR) } },
  ],
  build: buildSchoolLayers,
};
