import type { StyleLayerDefinition } from '../layer-types';
import { PALETTE } from './palette';
import { visibility } from './visibility';

/** Township areas are derived (Voronoi of township points), hence dashed and labelled approximate. */
export const townshipsLayer: StyleLayerDefinition = {
  id: 'townships',
  engine: 'maplibre',
  labelKey: 'layer.townships',
  order: 10,
  defaultVisible: true,
  legend: [{ labelKey: 'legend.township', symbol: { kind: 'line', color: PALETTE.townshipLine, width: 1, dashed: true } }],
  build: (ctx) => [
    {
      id: 'townships-line',
      type: 'line',
      source: 'townships',
      minzoom: 8,
      layout: { visibility: visibility(ctx.visible), 'line-join': 'round' },
      paint: {
        'line-color': PALETTE.townshipLine,
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 11, 1, 14, 1.6],
        'line-dasharray': [3, 2],
        'line-opacity': ['interpolate', ['linear'], ['zoom'], 8, 0.4, 9.5, 0.9],
      },
    },
  ],
};
