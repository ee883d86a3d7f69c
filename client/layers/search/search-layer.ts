import { GeoJsonLayer, ScatterplotLayer } from 'deck.gl';
import type { Layer } from 'deck.gl';
import type { DeckLayerDefinition } from '../layer-types';
import type { SearchResult } from './search-queries';

export interface SearchLayerInput {
  found: SearchResult | null;
}

const INK: [number, number, number] = [234, 88, 12];

/**
 * What the search found, over everything but the labels: a road's lines or an area's outline in
 * orange, and a ring at its point. Not in the layer list (clearing the search takes it away).
 */
export const searchLayer: DeckLayerDefinition<SearchLayerInput> = {
  id: 'search-found',
  engine: 'deck',
  labelKey: 'layer.search',
  order: 49.5,
  defaultVisible: true,
  legend: [{ labelKey: 'legend.search', symbol: { kind: 'line', color: '#ea580c', width: 4 } }],
  build: (ctx) => {
    const found = ctx.input?.found;
    if (!found) return [];
    const layers: Layer[] = [];
    if (found.shape) {
      layers.push(
        new GeoJsonLayer({
          id: 'search-found-shape',
          data: { type: 'Feature', geometry: found.shape, properties: {} } as GeoJSON.Feature,
          visible: ctx.visible,
          filled: false,
          stroked: true,
          getLineColor: [...INK, 220],
          lineWidthUnits: 'pixels',
          getLineWidth: found.kind === 'road' ? 5 : 3,
          lineCapRounded: true,
          lineJointRounded: true,
          pickable: false,
        }),
      );
    }
    // Areas and roads are shown by their shape; a place, a corner or a coordinate by a ring round its point.
    if (!found.shape) {
      layers.push(
        new ScatterplotLayer<SearchResult>({
          id: 'search-found-point',
          data: [found],
          visible: ctx.visible,
          getPosition: (d) => d.at,
          radiusUnits: 'pixels',
          getRadius: 14,
          stroked: true,
          filled: true,
          getFillColor: [...INK, 40],
          getLineColor: [...INK, 255],
          lineWidthUnits: 'pixels',
          getLineWidth: 3,
          pickable: false,
        }),
      );
    }
    return layers;
  },
};
