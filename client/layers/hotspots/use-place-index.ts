import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '@client/api/api-client';
import { ok } from '@client/api/http';
import { buildPlaceIndex, type NearestPlaceFn, type PlacePoint } from './place-index';

interface PlacesResponse {
  features: { geometry: { coordinates: [number, number] }; properties: { label?: string; name: string; nameEn: string | null; kind: string } }[];
}

/** Township and village points, fetched once when the first hotspot result needs names. */
export function usePlaceIndex(enabled: boolean): NearestPlaceFn | null {
  const places = useQuery({
    queryKey: ['places', 'township,village'],
    queryFn: async ({ signal }) => {
      const response = await ok(api.places.$get({ query: { kind: 'township,village' } }, { init: { signal } }));
      // The route sends PostGIS's GeoJSON text: PlacesResponse names what list.sql builds.
      return (await response.json()) as unknown as PlacesResponse;
    },
    enabled,
    staleTime: Infinity,
  });
  return useMemo(() => {
    if (!places.data) return null;
    const points: PlacePoint[] = places.data.features.map((f) => ({
      lon: f.geometry.coordinates[0],
      lat: f.geometry.coordinates[1],
      label: f.properties.label ?? f.properties.name,
      nameEn: f.properties.nameEn,
      kind: f.properties.kind === 'township' ? 'township' : 'village',
    }));
    return buildPlaceIndex(points);
  }, [places.data]);
}
