import type { SourceSpecification } from 'maplibre-gl';
import { useMemo, useSyncExternalStore } from 'react';
import { useZoomReached } from '@client/map/zoom-reached';
import { VILLAGE_LABELS_FROM_ZOOM } from './labels-layer';
import { MINOR_ROADS_FROM_ZOOM, ROAD_SOURCE_CLASSES } from './road-classes';

/** The villages' places (~6 000, 54 of the first screen's 57 KB of places) are fetched a step before their names are drawn. */
const VILLAGES_FROM_ZOOM = VILLAGE_LABELS_FROM_ZOOM - 1;

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

/** Which base data the map wants now: the load (`version`), and whether the minor roads and the villages are due. */
export interface BaseDataState {
  version: number;
  minorRoads: boolean;
  villages: boolean;
}

export function useBaseData(): BaseDataState {
  const current = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => version,
  );
  const minorRoads = useZoomReached(MINOR_ROADS_FROM_ZOOM);
  const villages = useZoomReached(VILLAGES_FROM_ZOOM);
  return useMemo(() => ({ version: current, minorRoads, villages }), [current, minorRoads, villages]);
}

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * Our own base data as GeoJSON sources. MapLibre fetches and tiles them in its workers, which
 * keeps multi-megabyte road GeoJSON off the main thread; URLs are absolute for those workers.
 * The roads come as two sources: the trunk roads at once, the township, village and urban
 * streets (most of the bytes) only once the map nears the zoom that draws them; the places too
 * (county seats and townships at once, villages nearer); so the first screen waits for what it
 * shows.
 */
export function baseSources(apiUrl: (path: string) => string, state: BaseDataState = { version: 0, minorRoads: true, villages: true }): Record<string, SourceSpecification> {
  const v = (path: string) => apiUrl(state.version ? `${path}${path.includes('?') ? '&' : '?'}v=${state.version}` : path);
  const roads = (source: keyof typeof ROAD_SOURCE_CLASSES) => v(`/roads?class=${ROAD_SOURCE_CLASSES[source].join(',')}`);
  return {
    counties: { type: 'geojson', data: v('/jurisdictions?level=county') },
    townships: { type: 'geojson', data: v('/jurisdictions?level=township') },
    roads: { type: 'geojson', data: roads('roads'), tolerance: 0.5 },
    'roads-minor': { type: 'geojson', data: state.minorRoads ? roads('roads-minor') : EMPTY, tolerance: 0.5 },
    places: { type: 'geojson', data: v('/places?kind=county_seat,township') },
    'places-villages': { type: 'geojson', data: state.villages ? v('/places?kind=village') : EMPTY },
  };
}
