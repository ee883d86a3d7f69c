import { GeoJsonLayer, ScatterplotLayer, type Layer, type PickingInfo } from 'deck.gl';
import { cssColor } from '../accidents/severity';
import type { DeckLayerDefinition, LayerBuildContext, LegendItem } from '../layer-types';
import { EPDO_BREAKS, EPDO_RAMP, GI_BINS, epdoClass, epdoColor, giColor, withAlpha } from './hotspot-colors';
import type { HotspotLayerInput } from './hotspot-layer-input';
import type { ClusterProperties, GridCellProperties, HotspotFeature, HotspotMethod, SegmentProperties } from './hotspot-types';

const SELECTED_LINE: [number, number, number, number] = [20, 40, 90, 255];
const NEIGHBOUR_LINE: [number, number, number, number] = [20, 40, 90, 150];
const STALE_OPACITY = 0.4;

function inputFor(ctx: LayerBuildContext<HotspotLayerInput>, method: HotspotMethod): HotspotLayerInput | null {
  return ctx.input?.result.method === method ? ctx.input : null;
}

/** Picking shared by the three layers: a click selects, hovering reports the feature under the pointer. */
function interaction(input: HotspotLayerInput) {
  return {
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 110] as [number, number, number, number],
    onClick: (info: PickingInfo) => {
      if (info.object) input.onPick(info.object as HotspotFeature);
      return true;
    },
    onHover: (info: PickingInfo) => input.onHover(info.object ? { feature: info.object as HotspotFeature, x: info.x, y: info.y } : null),
  };
}

function selectedOutline(id: string, input: HotspotLayerInput, visible: boolean, width: number): Layer[] {
  if (!input.selected) return [];
  return [
    new GeoJsonLayer({
      id: `${id}-selected`,
      data: [input.selected],
      visible,
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: width,
      getLineColor: SELECTED_LINE,
      lineCapRounded: true,
      lineJointRounded: true,
    }),
  ];
}

/** Hulls filled by EPDO, and a dot at each centroid so that clusters stay visible zoomed out. */
export function buildClusterLayers(ctx: LayerBuildContext<HotspotLayerInput>): Layer[] {
  const input = inputFor(ctx, 'clusters');
  if (!input) return [];
  const features = input.result.collection.features as HotspotFeature[];
  const opacity = input.stale ? STALE_OPACITY : 1;
  const props = (f: unknown) => (f as { properties: ClusterProperties }).properties;
  return [
    new GeoJsonLayer({
      id: 'hotspot-clusters',
      data: input.result.collection as never,
      visible: ctx.visible,
      opacity,
      filled: true,
      stroked: true,
      getFillColor: (f) => withAlpha(epdoColor(props(f).epdo), 120),
      getLineColor: (f) => epdoColor(props(f).epdo),
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      ...interaction(input),
    }),
    new ScatterplotLayer({
      id: 'hotspot-clusters-centroids',
      data: features,
      visible: ctx.visible,
      opacity,
      getPosition: (f: HotspotFeature) => props(f).centroid,
      radiusUnits: 'pixels',
      getRadius: (f: HotspotFeature) => 6 + 1.5 * epdoClass(props(f).epdo),
      getFillColor: (f: HotspotFeature) => epdoColor(props(f).epdo),
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      getLineColor: [255, 255, 255, 240],
      ...interaction(input),
    }),
    ...selectedOutline('hotspot-clusters', input, ctx.visible, 3),
  ];
}

/** Windows along the road as thick lines, wider and darker the higher their EPDO. */
export function buildSegmentLayers(ctx: LayerBuildContext<HotspotLayerInput>): Layer[] {
  const input = inputFor(ctx, 'segments');
  if (!input) return [];
  const props = (f: unknown) => (f as { properties: SegmentProperties }).properties;
  return [
    ...selectedOutline('hotspot-segments', input, ctx.visible, 14),
    new GeoJsonLayer({
      id: 'hotspot-segments',
      data: input.result.collection as never,
      visible: ctx.visible,
      opacity: input.stale ? STALE_OPACITY : 1,
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: (f) => 4 + epdoClass(props(f).epdo),
      lineWidthMinPixels: 4,
      getLineColor: (f) => epdoColor(props(f).epdo),
      lineCapRounded: true,
      lineJointRounded: true,
      ...interaction(input),
    }),
  ];
}

/** The chosen cell's neighbours outlined thin, and the band Gi* weighed as a circle around it. */
function neighbourhoodOutline(input: HotspotLayerInput, visible: boolean): Layer[] {
  const n = input.neighbourhood;
  if (!n) return [];
  return [
    new GeoJsonLayer({
      id: 'hotspot-grid-neighbourhood',
      data: [...n.cells, n.band] as never,
      visible,
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: (f) => ((f as HotspotFeature) === (n.band as never) ? 2 : 1.5),
      getLineColor: NEIGHBOUR_LINE,
    }),
  ];
}

/** Hexagons coloured by their Gi* bin (or the FDR-corrected one). */
export function buildGridLayers(ctx: LayerBuildContext<HotspotLayerInput>): Layer[] {
  const input = inputFor(ctx, 'grid');
  if (!input) return [];
  const useFdr = input.useFdr;
  const bin = (f: unknown) => {
    const p = (f as { properties: GridCellProperties }).properties;
    return useFdr ? (p.binFdr ?? p.bin) : p.bin;
  };
  return [
    new GeoJsonLayer({
      id: 'hotspot-grid',
      data: input.result.collection as never,
      visible: ctx.visible,
      opacity: input.stale ? STALE_OPACITY : 1,
      filled: true,
      stroked: true,
      getFillColor: (f) => giColor(bin(f)),
      getLineColor: (f) => (bin(f) === 0 ? [255, 255, 255, 0] : withAlpha(giColor(bin(f)), 255)),
      lineWidthUnits: 'pixels',
      getLineWidth: 0.6,
      updateTriggers: { getFillColor: useFdr, getLineColor: useFdr },
      ...interaction(input),
    }),
    ...neighbourhoodOutline(input, ctx.visible),
    ...selectedOutline('hotspot-grid', input, ctx.visible, 3),
  ];
}

const css = (rgba: readonly number[]) => cssColor(rgba as [number, number, number, number]);

function epdoLegend(symbol: (color: string) => LegendItem['symbol']): LegendItem[] {
  return EPDO_RAMP.map((color, i) => {
    const from = i === 0 ? null : EPDO_BREAKS[i - 1];
    const to = i < EPDO_BREAKS.length ? EPDO_BREAKS[i] : null;
    const labelKey = from === null ? 'legend.epdoBelow' : to === null ? 'legend.epdoFrom' : 'legend.epdoRange';
    return { labelKey, params: { from: from ?? 0, to: to ?? 0 }, symbol: symbol(css(color)) } as LegendItem;
  });
}

// Above the accidents (40), below the labels (50): once an analysis has run, its result is what the
// user reads and clicks. Fills are translucent so the crashes show through; unticking the layer
// gives the crashes back to the pointer.
export const hotspotGridLayer: DeckLayerDefinition<HotspotLayerInput> = {
  id: 'hotspot-grid',
  engine: 'deck',
  labelKey: 'layer.hotspotGrid',
  order: 42,
  defaultVisible: true,
  legend: GI_BINS.map((b) => ({
    labelKey: `legend.gi.${b}` as LegendItem['labelKey'],
    symbol: { kind: 'area', color: css(giColor(b)), outline: b === 0 ? '#bbbbbb' : css(withAlpha(giColor(b), 255)) },
  })),
  build: buildGridLayers,
};

export const hotspotSegmentsLayer: DeckLayerDefinition<HotspotLayerInput> = {
  id: 'hotspot-segments',
  engine: 'deck',
  labelKey: 'layer.hotspotSegments',
  order: 44,
  defaultVisible: true,
  legend: epdoLegend((color) => ({ kind: 'line', color, width: 5 })),
  build: buildSegmentLayers,
};

export const hotspotClustersLayer: DeckLayerDefinition<HotspotLayerInput> = {
  id: 'hotspot-clusters',
  engine: 'deck',
  labelKey: 'layer.hotspotClusters',
  order: 46,
  defaultVisible: true,
  legend: epdoLegend((color) => ({ kind: 'area', color, outline: color })),
  build: buildClusterLayers,
};
