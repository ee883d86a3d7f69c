import type { SourceSpecification } from 'maplibre-gl';

/**
 * Our own base data as GeoJSON sources. MapLibre fetches and tiles them in its workers, which
 * keeps multi-megabyte road GeoJSON off the main thread; URLs are absolute for those workers.
 */
export function baseSources(apiUrl: (path: string) => string): Record<string, SourceSpecification> {
  return {
    counties: { type: 'geojson', data: apiUrl('/jurisdictions?level=county') },
    townships: { type: 'geojson', data: apiUrl('/jurisdictions?level=township') },
    roads: { type: 'geojson', data: apiUrl('/roads'), tolerance: 0.5 },
    places: { type: 'geojson', data: apiUrl('/places?kind=county_seat,township,village') },
  };
}
