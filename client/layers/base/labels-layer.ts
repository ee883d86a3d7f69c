import type { ExpressionSpecification } from 'maplibre-gl';
import type { LayerBuildContext, StyleLayerDefinition } from '../layer-types';
import { FONT_BOLD, FONT_MEDIUM, FONT_REGULAR } from './fonts';
import { PALETTE } from './palette';
import { visibility } from './visibility';

function nameField(ctx: LayerBuildContext): ExpressionSpecification {
  // Only county-level names have an English form; the rest stay in Chinese, as on the signs.
  return ctx.locale === 'en' ? ['coalesce', ['get', 'nameEn'], ['get', 'name']] : ['get', 'name'];
}

const kindIs = (kind: string): ExpressionSpecification => ['==', ['get', 'kind'], kind];

/** Village names are drawn from this zoom on (their places come a step before: base-sources.ts). */
export const VILLAGE_LABELS_FROM_ZOOM = 11.5;

export const labelsLayer: StyleLayerDefinition = {
  id: 'labels',
  engine: 'maplibre',
  labelKey: 'layer.labels',
  order: 50,
  defaultVisible: true,
  legend: [
    { labelKey: 'legend.countySeat', symbol: { kind: 'dot', color: PALETTE.seatDot, outline: PALETTE.seatDotStroke, size: 9 } },
    { labelKey: 'legend.township.label', symbol: { kind: 'dot', color: PALETTE.labelMinor, size: 5 } },
    { labelKey: 'legend.village', symbol: { kind: 'dot', color: PALETTE.labelVillage, size: 3 } },
  ],
  build: (ctx) => {
    const layout = { visibility: visibility(ctx.visible) };
    const halo = { 'text-halo-color': PALETTE.labelHalo, 'text-halo-width': 1.6, 'text-halo-blur': 0.3 };
    return [
      {
        id: 'labels-village',
        type: 'symbol',
        source: 'places-villages',
        minzoom: VILLAGE_LABELS_FROM_ZOOM,
        layout: {
          ...layout,
          'text-field': ['coalesce', ['get', 'label'], ['get', 'name']], // 宋小屯村, not 宋小屯村村委会 (the API shortens it)
          'text-font': FONT_REGULAR,
          'text-size': ['interpolate', ['linear'], ['zoom'], VILLAGE_LABELS_FROM_ZOOM, 11, 15, 13],
          'text-padding': 3,
        },
        paint: { 'text-color': PALETTE.labelVillage, ...halo },
      },
      {
        id: 'labels-township',
        type: 'symbol',
        source: 'places',
        minzoom: 8.6,
        filter: kindIs('township'),
        layout: {
          ...layout,
          'text-field': nameField(ctx),
          'text-font': FONT_MEDIUM,
          'text-size': ['interpolate', ['linear'], ['zoom'], 8.6, 11.5, 12, 14.5, 15, 16],
          'text-padding': 4,
          'symbol-sort-key': 1,
        },
        paint: { 'text-color': PALETTE.labelMinor, ...halo },
      },
      {
        id: 'labels-county-seat-dot',
        type: 'circle',
        source: 'places',
        maxzoom: 12,
        filter: kindIs('county_seat'),
        layout,
        paint: {
          'circle-radius': 4,
          'circle-color': PALETTE.seatDot,
          'circle-stroke-color': PALETTE.seatDotStroke,
          'circle-stroke-width': 1.6,
        },
      },
      {
        id: 'labels-county-seat',
        type: 'symbol',
        source: 'places',
        filter: kindIs('county_seat'),
        layout: {
          ...layout,
          'text-field': nameField(ctx),
          'text-font': FONT_BOLD,
          'text-size': ['interpolate', ['linear'], ['zoom'], 7, 13, 12, 17],
          'text-anchor': ['step', ['zoom'], 'left', 12, 'center'],
          'text-offset': ['step', ['zoom'], ['literal', [0.6, 0]], 12, ['literal', [0, 0]]],
          'text-allow-overlap': false,
          'symbol-sort-key': 0,
        },
        paint: { 'text-color': PALETTE.labelText, ...halo, 'text-halo-width': 2 },
      },
    ];
  },
};
