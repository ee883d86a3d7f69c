import { GeoJsonLayer, LineLayer, ScatterplotLayer, TextLayer, type Layer, type PickingInfo } from 'deck.gl';
import { cssColor } from '../accidents/severity';
import { suggestionLayers } from '../candidate-layers';
import type { DeckLayerDefinition, LayerBuildContext, LegendItem } from '../layer-types';
import { CANDIDATE_COLOR, MARKET_RISKS, MEETS_COLOR, RISK_COLOR, STATUS_COLOR } from './market-colors';
import type { MarketCandidate, MarketFeature } from './market-types';

type Rgba = [number, number, number, number];

/** What the markets layer draws: the filtered markets, their colours, and which meet on the chosen day. */
export interface MarketLayerInput {
  features: readonly MarketFeature[];
  /** A point on each market's stretch, for its marker (a stretch is too short to see at city zoom). */
  anchor: ReadonlyMap<number, [number, number]>;
  color: ReadonlyMap<number, Rgba>;
  /** Markets meeting on the chosen day (today unless the section picks another). */
  meets: ReadonlySet<number>;
  selectedId: number | null;
  onPick(feature: MarketFeature): void;
  /** Places the cycle finder suspects, when its list is open. */
  candidates: readonly MarketCandidate[];
  selectedCandidate: number | null;
  onPickCandidate(candidate: MarketCandidate): void;
}

const SELECTED_RING: Rgba = [20, 40, 90, 255];
const GREY: Rgba = [140, 140, 140, 255];
const FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/**
 * Each market's stretch of road in its colour (a yellow halo under the ones that meet on the chosen
 * day), and a marker with 集 on it, so that a market is findable at city zoom and clickable at any.
 */
export function buildMarketLayers(ctx: LayerBuildContext<MarketLayerInput>): Layer[] {
  const input = ctx.input;
  if (!input) return [];
  const colorOf = (f: MarketFeature) => input.color.get(f.id) ?? GREY;
  const anchorOf = (f: MarketFeature) => input.anchor.get(f.id) ?? [0, 0];
  const meeting = input.features.filter((f) => input.meets.has(f.id));
  const selected = input.features.filter((f) => f.id === input.selectedId);
  // A moved market: a line from where it was to its new site, marked 新.
  const moved = input.features.filter((f) => f.properties.status === 'relocated' && f.properties.relocatedTo);
  const siteOf = (f: MarketFeature) => f.properties.relocatedTo as [number, number];
  const pick = {
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 110] as Rgba,
    onClick: (info: PickingInfo<MarketFeature>) => {
      if (info.object) input.onPick(info.object);
      return true;
    },
  };
  const triggers = { getFillColor: input.color, getLineColor: input.color };
  return [
    ...suggestionLayers('markets-candidate', { data: input.candidates, visible: ctx.visible, color: CANDIDATE_COLOR, selectedId: input.selectedCandidate, onPick: input.onPickCandidate }),
    new GeoJsonLayer({
      id: 'markets-meeting-halo',
      data: meeting as never,
      visible: ctx.visible,
      filled: false,
      stroked: true,
      getLineColor: MEETS_COLOR,
      lineWidthUnits: 'pixels',
      getLineWidth: 12,
      lineCapRounded: true,
      lineJointRounded: true,
    }),
    new GeoJsonLayer<MarketFeature['properties']>({
      id: 'markets-stretch',
      data: input.features as never,
      visible: ctx.visible,
      filled: true,
      stroked: true,
      getFillColor: ((f: MarketFeature) => [...colorOf(f).slice(0, 3), 90]) as never,
      getLineColor: colorOf as never,
      lineWidthUnits: 'pixels',
      getLineWidth: 5,
      lineCapRounded: true,
      lineJointRounded: true,
      updateTriggers: triggers,
      ...(pick as object),
    }),
    new LineLayer<MarketFeature>({
      id: 'markets-moved',
      data: moved,
      visible: ctx.visible,
      getSourcePosition: anchorOf,
      getTargetPosition: siteOf,
      getColor: STATUS_COLOR.relocated,
      widthUnits: 'pixels',
      getWidth: 2,
      updateTriggers: { getSourcePosition: input.anchor },
    }),
    new ScatterplotLayer<MarketFeature>({
      id: 'markets-new-site',
      data: moved,
      visible: ctx.visible,
      getPosition: siteOf,
      radiusUnits: 'pixels',
      getRadius: 8,
      getFillColor: [255, 255, 255, 240],
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      getLineColor: STATUS_COLOR.relocated,
      ...pick,
    }),
    new TextLayer<MarketFeature>({
      id: 'markets-new-site-glyphs',
      data: moved,
      visible: ctx.visible,
      getPosition: siteOf,
      getText: () => '新',
      getSize: 10,
      getColor: STATUS_COLOR.relocated,
      fontFamily: FONT,
      fontWeight: 700,
      characterSet: ['新'],
    }),
    new ScatterplotLayer<MarketFeature>({
      id: 'markets-meeting',
      data: meeting,
      visible: ctx.visible,
      getPosition: anchorOf,
      radiusUnits: 'pixels',
      getRadius: 14,
      getFillColor: MEETS_COLOR,
      updateTriggers: { getPosition: input.anchor },
    }),
    new ScatterplotLayer<MarketFeature>({
      id: 'markets',
      data: input.features,
      visible: ctx.visible,
      getPosition: anchorOf,
      radiusUnits: 'pixels',
      getRadius: 9,
      getFillColor: colorOf,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      getLineColor: [255, 255, 255, 255],
      updateTriggers: { ...triggers, getPosition: input.anchor },
      ...pick,
    }),
    new TextLayer<MarketFeature>({
      id: 'markets-glyphs',
      data: input.features,
      visible: ctx.visible,
      getPosition: anchorOf,
      getText: () => '集',
      getSize: 11,
      getColor: [255, 255, 255, 255],
      fontFamily: FONT,
      fontWeight: 700,
      characterSet: ['集'],
      updateTriggers: { getPosition: input.anchor },
    }),
    new ScatterplotLayer<MarketFeature>({
      id: 'markets-selected',
      data: selected,
      visible: ctx.visible,
      getPosition: anchorOf,
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

// Over the sight-line intersections (47), under the hazards (48), whose markers an officer works on.
export const marketsLayer: DeckLayerDefinition<MarketLayerInput> = {
  id: 'markets',
  engine: 'deck',
  labelKey: 'layer.markets',
  order: 47.5,
  // Off at first, like sight lines: opening the section (or ticking the layer) reads the markets.
  defaultVisible: false,
  legend: [
    ...MARKET_RISKS.map((r): LegendItem => ({ labelKey: `market.risk.${r}`, symbol: { kind: 'dot', color: cssColor(RISK_COLOR[r]), size: 12, outline: '#ffffff' } })),
    ...(['regulated', 'relocated', 'closed'] as const).map(
      (s): LegendItem => ({ labelKey: `market.status.${s}`, symbol: { kind: 'dot', color: cssColor(STATUS_COLOR[s]), size: 12, outline: '#ffffff' } }),
    ),
    { labelKey: 'market.legend.meets', symbol: { kind: 'line', color: cssColor(MEETS_COLOR), width: 8 } },
    { labelKey: 'market.legend.newSite', symbol: { kind: 'dot', color: '#ffffff', size: 12, outline: cssColor(STATUS_COLOR.relocated) } },
    { labelKey: 'market.legend.candidate', symbol: { kind: 'dot', color: '#ffffff', size: 12, outline: cssColor(CANDIDATE_COLOR) } },
  ],
  build: buildMarketLayers,
};
