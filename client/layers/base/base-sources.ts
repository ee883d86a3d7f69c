import type { SourceSpecification } from 'maplibre-gl';
import { useMemo } from 'react';
import { useConfig } from '@client/api/queries';
import { useZoomReached } from '@client/map/zoom-reached';
import { VILLAGE_LABELS_FROM_ZOOM } from './labels-layer';
import { MINOR_ROADS_FROM_ZOOM, ROAD_SOURCE_CLASSES } from './road-classes';

/** The villages' places (~6 000, 54 of the first screen's 57 KB of places) are fetched a step before their names are drawn. */
const VILLAGES_FROM_ZOOM = VILLAGE_LABELS_FROM_ZOOM - 1;

/** Which base data the map wants now: the load (`version`), and whether the minor roads and the villages are due. */
export interface BaseDataState {
  /** `baseDataVersion` of /api/config: a road or boundary import changes it (the admin's page reads the config again). */
  version: string;
  minorRoads: boolean;
  villages: boolean;
}

export function useBaseData(): BaseDataState {
  const version = useConfig().data?.baseDataVersion ?? '';
  const minorRoads = useZoomReached(MINOR_ROADS_FROM_ZOOM);
  const villages = useZoomReached(VILLAGES_FROM_ZOOM);
  return useMemo(() => ({ version, minorRoads, villages }), [version, minorRoads, villages]);
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
export function baseSources(apiUrl: (path: string) => string, state: BaseDataState = { version: '', minorRoads: true, villages: true }): Record<string, SourceSpecification> {
  const v = (path: string) => apiUrl(state.version ? `${path}${path.includes('?') ? '&' : '?'}v=${encodeURIComponent(state.version)}` : path);
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
