import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { LayerBuildContext, StyleLayerDefinition } from '../layer-types';
import { FONT_REGULAR } from './fonts';
import { PALETTE } from './palette';
import { ROAD_STYLES, roadSource, type RoadStyle } from './road-classes';
import { visibility } from './visibility';

function widthByZoom(stops: [number, number][], grow: (w: number) => number): ExpressionSpecification {
  return ['interpolate', ['exponential', 1.4], ['zoom'], ...stops.flatMap(([z, w]) => [z, grow(w)])] as ExpressionSpecification;
}

function classLayers(style: RoadStyle, ctx: LayerBuildContext): LayerSpecification[] {
  const common = {
    source: roadSource(style),
    minzoom: style.minzoom,
    filter: ['==', ['get', 'class'], style.class] as ExpressionSpecification,
    layout: { visibility: visibility(ctx.visible), 'line-join': 'round', 'line-cap': 'round' } as const,
  };
  return [
    {
      id: `roads-${style.class}-casing`,
      type: 'line',
      ...common,
      paint: { 'line-color': style.casing, 'line-width': widthByZoom(style.widths, (w) => w + Math.max(0.8, w * 0.4)) },
    },
    {
      id: `roads-${style.class}`,
      type: 'line',
      ...common,
      paint: { 'line-color': style.color, 'line-width': widthByZoom(style.widths, (w) => w) },
    },
  ];
}

const TRUNK: ExpressionSpecification = ['in', ['get', 'class'], ['literal', ['expressway', 'national', 'provincial', 'county']]];

/** Refs (G105, S254, X012) along trunk roads from mid zoom; every road's name once zoomed in. */
function roadLabels(ctx: LayerBuildContext): LayerSpecification[] {
  const common = {
    type: 'symbol',
    source: 'roads',
    paint: { 'text-color': '#6b5a3a', 'text-halo-color': PALETTE.labelHalo, 'text-halo-width': 1.4 },
  } as const;
  const layout = {
    visibility: visibility(ctx.visible),
    'symbol-placement': 'line',
    'text-font': FONT_REGULAR,
    'text-max-angle': 30,
    'text-padding': 4,
  } as const;
  return [
    {
      ...common,
      id: 'roads-label-ref',
      minzoom: 9.5,
      maxzoom: 13.5,
      filter: ['all', TRUNK, ['has', 'ref']],
      layout: { ...layout, 'symbol-spacing': 360, 'text-field': ['get', 'ref'], 'text-size': 10.5 },
    },
    ...(['roads', 'roads-minor'] as const).map((source) => ({
      ...common,
      source,
      id: source === 'roads' ? 'roads-label-name' : 'roads-minor-label-name',
      minzoom: 13.5,
      layout: {
        ...layout,
        'symbol-spacing': 280,
        'text-field': ['coalesce', ['get', 'name'], ['get', 'ref'], ''],
        'text-size': ['interpolate', ['linear'], ['zoom'], 13.5, 11, 17, 13],
      },
    })),
  ] as LayerSpecification[];
}

export const roadsLayer: StyleLayerDefinition = {
  id: 'roads',
  engine: 'maplibre',
  labelKey: 'layer.roads',
  order: 30,
  defaultVisible: true,
  legend: [...ROAD_STYLES]
    .reverse()
    .map((s) => ({ labelKey: s.labelKey, symbol: { kind: 'line', color: s.color, casing: s.casing, width: 4 } as const })),
  build: (ctx) => [...ROAD_STYLES.flatMap((style) => classLayers(style, ctx)), ...roadLabels(ctx)],
};
