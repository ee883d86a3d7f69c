/**
 * The first-load bench's floor (`npm run bench:first-load -- --floor`): the least a page can do to
 * meet the bench's "usable" on the same machine and data. Bare MapLibre with the first screen's own
 * base data (the same API URLs: counties, townships, trunk roads, county seat and township labels)
 * in 8 style layers, and the accidents from `/api/accidents?format=binary` drawn as the app draws
 * them (its decoder and its DotLayer through deck.gl's MapLibreOverlay), without the app: no React,
 * no panel, no other layer, no filter extension. It answers the bench's checks the way the app
 * does (the map element's data-state, `__changan`, an accident count, a layer `accidents`).
 */
import { MapLibreOverlay } from 'deck.gl';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { decodeAccidents } from '../../../client/layers/accidents/decode-accidents';
import { toRenderData } from '../../../client/layers/accidents/accident-render-data';
import { ACCIDENT_DOTS } from '../../../client/layers/accidents/accident-dots';
import { DotLayer } from '../../../client/map/dot-layer';

maplibregl.setWorkerUrl(workerUrl);
const api = (path: string) => `${location.origin}/api${path}`;
const FONT = ['Noto Sans CJK SC Regular', 'Noto Sans CJK SC', 'sans-serif'];
const element = document.getElementById('map')!;
// Where the app opens: the configured area (the app fits it with the same room for its header).
const { bounds } = (await (await fetch(api('/config'))).json()) as { bounds: [number, number, number, number] };
const map = new maplibregl.Map({
  container: element,
  style: {
    version: 8,
    sources: {
      counties: { type: 'geojson', data: api('/jurisdictions?level=county') },
      townships: { type: 'geojson', data: api('/jurisdictions?level=township') },
      roads: { type: 'geojson', data: api('/roads?class=expressway,national,provincial'), tolerance: 0.5 },
      places: { type: 'geojson', data: api('/places?kind=county_seat,township') },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e9e6df' } },
      { id: 'land', type: 'fill', source: 'counties', paint: { 'fill-color': '#f7f5ef', 'fill-antialias': false } },
      { id: 'townships', type: 'line', source: 'townships', minzoom: 8, paint: { 'line-color': '#c9c3d6', 'line-width': 0.6 } },
      { id: 'counties', type: 'line', source: 'counties', paint: { 'line-color': '#8a7fa8', 'line-width': 1.4 } },
      { id: 'roads-casing', type: 'line', source: 'roads', paint: { 'line-color': '#b9a77a', 'line-width': 3 } },
      { id: 'roads', type: 'line', source: 'roads', paint: { 'line-color': '#f3c65a', 'line-width': 2 } },
      { id: 'road-refs', type: 'symbol', source: 'roads', minzoom: 9.5, layout: { 'symbol-placement': 'line', 'text-field': ['get', 'ref'], 'text-font': FONT, 'text-size': 10 } },
      { id: 'places', type: 'symbol', source: 'places', filter: ['==', ['get', 'kind'], 'county_seat'], layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 13 } },
    ],
  },
  bounds: [
    [bounds[0], bounds[1]],
    [bounds[2], bounds[3]],
  ],
  fitBoundsOptions: { padding: { top: 110, bottom: 40, left: 12, right: 12 } },
  localIdeographFontFamily: false,
});
const overlay = new MapLibreOverlay({ interleaved: true, layers: [] });
map.addControl(overlay);
(window as unknown as { __changan: unknown }).__changan = { map, overlay };
map.once('load', () => element.setAttribute('data-state', 'ready'));

const response = await fetch(api('/accidents?format=binary'));
const data = toRenderData(decodeAccidents(await response.arrayBuffer()));
overlay.setProps({
  layers: [
    new DotLayer({
      id: 'accidents',
      data: { length: data.length, attributes: { getPosition: { value: data.positions, size: 2 }, getFillColor: { value: data.colors, size: 4, normalized: true } } } as never,
      ...ACCIDENT_DOTS,
      pickable: true,
      beforeId: 'places',
    }),
  ],
});
const count = document.createElement('output');
count.dataset.testid = 'accident-count';
count.textContent = String(data.length);
count.style.cssText = 'position:absolute;top:8px;left:8px;background:#fff;padding:2px 6px;font:12px sans-serif';
document.body.append(count);
