import type { StyleSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { keepLoadedSources } from '@client/map/keep-loaded-sources';

const style = (sources: StyleSpecification['sources']): StyleSpecification => ({ version: 8, sources, layers: [] });
const loaded = { type: 'FeatureCollection', features: [{ type: 'Feature', id: 1, geometry: { type: 'Point', coordinates: [116, 36.4] }, properties: {} }] };

describe('keepLoadedSources', () => {
  it('puts an unchanged URL source back as its spec, so the diff finds it unchanged', () => {
    const applied = style({ roads: { type: 'geojson', data: 'http://x/api/roads', tolerance: 0.5 } });
    const next = style({ roads: { type: 'geojson', data: 'http://x/api/roads', tolerance: 0.5 } });
    // MapLibre serialises a loaded URL source with its data, not its URL.
    const previous = style({ roads: { type: 'geojson', data: loaded as never, tolerance: 0.5 } });
    expect(keepLoadedSources(previous, next, applied)).toBe(next);
    expect(previous.sources.roads).toBe(next.sources.roads);
  });

  it('leaves a source whose URL or options changed for the diff to load again', () => {
    const applied = style({ roads: { type: 'geojson', data: 'http://x/api/roads' }, minor: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } });
    const next = style({ roads: { type: 'geojson', data: 'http://x/api/roads?v=2' }, minor: { type: 'geojson', data: 'http://x/api/roads?class=village' } });
    const previous = style({ roads: { type: 'geojson', data: loaded as never }, minor: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } });
    keepLoadedSources(previous, next, applied);
    expect(previous.sources.roads).not.toBe(next.sources.roads);
    expect(previous.sources.minor).not.toBe(next.sources.minor);
  });

  it('adds nothing MapLibre does not have, and does nothing on the first style', () => {
    const next = style({ roads: { type: 'geojson', data: 'http://x/api/roads' } });
    const previous = style({});
    keepLoadedSources(previous, next, style({ roads: { type: 'geojson', data: 'http://x/api/roads' } }));
    expect(previous.sources).toEqual({});
    expect(keepLoadedSources(undefined, next, null)).toBe(next);
  });
});
