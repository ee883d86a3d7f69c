import type { LayerSpecification } from 'maplibre-gl';
import type { BasemapKind } from './basemaps';
import { PALETTE } from './palette';

/**
 * The ground: a cool grey outside the city and warm paper inside the county polygons, so
 * Liaocheng reads as the subject. With a remote base the ground is that base's.
 */
export function landLayers(basemap: BasemapKind): LayerSpecification[] {
  const local = basemap === 'local';
  return [
    { id: 'background', type: 'background', paint: { 'background-color': PALETTE.outside } },
    {
      id: 'land',
      type: 'fill',
      source: 'counties',
      layout: { visibility: local ? 'visible' : 'none' },
      paint: { 'fill-color': PALETTE.land, 'fill-antialias': false },
    },
  ];
}
