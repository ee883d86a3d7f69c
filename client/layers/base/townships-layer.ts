import type { LayerSpecification } from 'maplibre-gl';
import type { StyleLayerDefinition } from '../layer-types';
import { PALETTE } from './palette';
import { visibility } from './visibility';

/**
 * Township areas: those derived from the township points (Voronoi cells, `approximate`) dashed,
 * imported boundaries solid; the legend names both.
 */
export const townshipsLayer: StyleLayerDefinition = {
  id: 'townships',
  engine: 'maplibre',
  labelKey: 'layer.townships',
  order: 10,
  defaultVisible: true,
  legend: [
    { labelKey: 'legend.townshipReal', symbol: { kind: 'line', color: PALETTE.townshipLine, width: 1 } },
    { labelKey: 'legend.township', symbol: { kind: 'line', color: PALETTE.townshipLine, width: 1, dashed: true } },
  ],
  build: (ctx) =>
    ([true, false] as const).map(
      (approximate): LayerSpecification => ({
        id: approximate ? 'townships-line' : 'townships-line-real',
        type: 'line',
        source: 'townships',
        minzoom: 8,
        filter: ['==', ['get', 'approximate'], approximate],
        layout: { visibility: visibility(ctx.visible), 'line-join': 'round' },
        paint: {
          'line-color': PALETTE.townshipLine,
          'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 11, 1, 14, 1.6],
          ...(approximate && { 'line-dasharray': [3, 2] }),
          'line-opacity': ['interpolate', ['linear'], ['zoom'], 8, 0.4, 9.5, 0.9],
        },
      }),
    ),
};
