import { GeoJsonLayer, PathLayer, ScatterplotLayer, type Layer, type PickingInfo } from 'deck.gl';
import { cssColor } from '../accidents/severity';
import type { DeckLayerDefinition, LayerBuildContext, LegendItem } from '../layer-types';
import { CLEAR_FILL, CLEAR_LINE, CUT_FILL, CUT_LINE, OBSTACLE_FILL, OBSTACLE_LINE, SIGHT_SEVERITY_COLOR } from './sight-colors';
import { SIGHT_DOT_RADIUS, SightDotsLayer } from './sight-dots-layer';
import type { SightLayerInput, SightShapes } from './sight-layer-input';
import { SIGHT_SEVERITIES, type IntersectionDetail, type IntersectionFeature } from './sight-types';

const SELECTED_RING: [number, number, number, number] = [20, 40, 90, 255];
const DRAFT_LINE: [number, number, number, number] = [37, 99, 235, 255];

const NONE: GeoJSON.Feature[] = [];

/** The triangles, their cut parts and the obstacles of one intersection, as drawn on the map. */
export function sightShapes(d: IntersectionDetail): SightShapes {
  return {
    triangles: d.triangles.map((t) => ({ type: 'Feature', geometry: t.geometry, properties: {} })),
    cuts: d.triangles.flatMap((t) => (t.cut ? [{ type: 'Feature' as const, geometry: t.cut, properties: {} }] : [])),
    obstacles: d.obstacles.map((o) => ({ type: 'Feature', geometry: o.geometry, properties: {} })),
  };
}

/** The outline being drawn: the clicked vertices, closed back to the first once it is an area. */
export function draftPath(vertices: readonly [number, number][]): [number, number][] {
  return vertices.length >= 3 ? [...vertices, vertices[0]] : [...vertices];
}

function draftLayers(draft: readonly [number, number][]): Layer[] {
  const visible = draft.length > 0;
  return [
    new PathLayer<[number, number][]>({
      id: 'sight-draft-outline',
      data: [draftPath(draft)],
      visible,
      getPath: (p) => p,
      getColor: DRAFT_LINE,
      widthUnits: 'pixels',
      getWidth: 2.5,
      jointRounded: true,
    }),
    new ScatterplotLayer<[number, number]>({
      id: 'sight-draft-vertices',
      data: draft,
      visible,
      getPosition: (p) => p,
      radiusUnits: 'pixels',
      getRadius: 4,
      getFillColor: [255, 255, 255, 255],
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      getLineColor: DRAFT_LINE,
    }),
  ];
}

function area(id: string, data: GeoJSON.Feature[], visible: boolean, fill: number[], line: number[], width: number): Layer {
  return new GeoJsonLayer({
    id,
    data: data as never,
    visible,
    filled: true,
    stroked: true,
    getFillColor: fill as [number, number, number, number],
    getLineColor: line as [number, number, number, number],
    lineWidthUnits: 'pixels',
    getLineWidth: width,
    lineJointRounded: true,
  });
}

/**
 * Deficient intersections as dots coloured by severity, worst drawn last (zoomed out, the severe
 * ones only: sight-dots-layer.ts). The open one gets a ring
 * and its sight triangles: green where a driver sees, obstacles outlined, the obstructed part red
 * on top (over the obstacle's outline, so the cut shows even where it is the whole obstacle).
 */
export function buildSightLayers(ctx: LayerBuildContext<SightLayerInput>): Layer[] {
  const input = ctx.input;
  if (!input) return [];
  const shapes = input.shapes;
  return [
    area('sight-triangles', shapes?.triangles ?? NONE, ctx.visible, CLEAR_FILL, CLEAR_LINE, 1.5),
    area('sight-obstacles', shapes?.obstacles ?? NONE, ctx.visible, OBSTACLE_FILL, OBSTACLE_LINE, 1.5),
    area('sight-cut', shapes?.cuts ?? NONE, ctx.visible, CUT_FILL, CUT_LINE, 2),
    new SightDotsLayer({
      id: 'sight-lines',
      data: input.features,
      visible: ctx.visible,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 110],
      onClick: (info: PickingInfo<IntersectionFeature>) => {
        if (info.object) input.onPick(info.object);
        return true;
      },
    }),
    new ScatterplotLayer<[number, number]>({
      id: 'sight-lines-selected',
      data: input.selected ? [input.selected] : [],
      visible: ctx.visible,
      getPosition: (p) => p,
      radiusUnits: 'pixels',
      getRadius: 11,
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      getLineColor: SELECTED_RING,
    }),
    ...draftLayers(input.draft),
  ];
}

// Above the hotspots (42–46), below the hazards (48): a found intersection is a candidate for the
// ledger, whose markers stay on top. The fatal crashes are drawn again above it (accidents-layer.ts).
export const sightLinesLayer: DeckLayerDefinition<SightLayerInput> = {
  id: 'sight-lines',
  engine: 'deck',
  labelKey: 'layer.sightLines',
  order: 47,
  // Off at first: the city map opens on the accidents; a planner turns this on (or opens its
  // section), and only then are the intersections read.
  defaultVisible: false,
  legend: [
    ...SIGHT_SEVERITIES.map((s): LegendItem => ({ labelKey: `sight.severity.${s}`, symbol: { kind: 'dot', color: cssColor(SIGHT_SEVERITY_COLOR[s]), size: SIGHT_DOT_RADIUS[s] + 3, outline: '#ffffff' } })),
    { labelKey: 'sight.legend.zoomIn', symbol: { kind: 'dot', color: cssColor(SIGHT_SEVERITY_COLOR.minor), size: SIGHT_DOT_RADIUS.minor + 3, outline: '#ffffff' } },
    { labelKey: 'legend.sight.clear', symbol: { kind: 'area', color: cssColor(CLEAR_FILL), outline: cssColor(CLEAR_LINE) } },
    { labelKey: 'legend.sight.cut', symbol: { kind: 'area', color: cssColor(CUT_FILL), outline: cssColor(CUT_LINE) } },
    { labelKey: 'legend.sight.obstacle', symbol: { kind: 'area', color: cssColor(OBSTACLE_FILL), outline: cssColor(OBSTACLE_LINE) } },
  ],
  build: buildSightLayers,
};
