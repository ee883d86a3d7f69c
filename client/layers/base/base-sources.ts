import type { SourceSpecification } from 'maplibre-gl';
import { useSyncExternalStore } from 'react';

/*
 * Which load of the base data the map shows: an import of roads (or boundaries) bumps it, and the
 * sources' URLs carry it, so MapLibre fetches them again (the style diff sets the new data).
 */
let version = 0;
const listeners = new Set<() => void>();

export function bumpBaseData(): void {
  version++;
  for (const l of listeners) l();
}

export function useBaseDataVersion(): number {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => version,
  );
}

/**
 * Our own base data as GeoJSON sources. MapLibre fetches and tiles them in its workers, which
 * keeps multi-megabyte road GeoJSON off the main thread; URLs are absolute for those workers.
 */
export function baseSources(apiUrl: (path: string) => string, dataVersion = 0): Record<string, SourceSpecification> {
  const v = (path: string) => apiUrl(dataVersion ? `${path}${path.includes('?') ? '&' : '?'}v=${dataVersion}` : path);
  return {
    counties: { type: 'geojson', data: v('/jurisdictions?level=county') },
    townships: { type: 'geojson', data: v('/jurisdictions?level=township') },
    roads: { type: 'geojson', data: v('/roads'), tolerance: 0.5 },
    places: { type: 'geojson', data: v('/places?kind=county_seat,township,village') },
  };
}
