import type { StyleLayerDefinition } from '../layer-types';
import { PALETTE } from './palette';
import { visibility } from './visibility';

export const countiesLayer: StyleLayerDefinition = {
  id: 'counties',
  engine: 'maplibre',
  labelKey: 'layer.counties',
  order: 20,
  defaultVisible: true,
  legend: [{ labelKey: 'legend.county', symbol: { kind: 'line', color: PALETTE.countyLine, width: 2, casing: PALETTE.countyHalo } }],
  build: (ctx) => [
    {
      id: 'counties-halo',
      type: 'line',
      source: 'counties',
      layout: { visibility: visibility(ctx.visible), 'line-join': 'round' },
      paint: {
        'line-color': PALETTE.countyHalo,
        'line-width': ['interpolate', ['linear'], ['zoom'], 7, 3, 12, 8],
        'line-opacity': 0.8,
      },
    },
    {
      id: 'counties-line',
      type: 'line',
      source: 'counties',
      layout: { visibility: visibility(ctx.visible), 'line-join': 'round' },
      paint: {
        'line-color': PALETTE.countyLine,
        'line-width': ['interpolate', ['linear'], ['zoom'], 7, 1, 12, 2.2],
        'line-dasharray': [6, 2, 1, 2],
      },
    },
  ],
};
