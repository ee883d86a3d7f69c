import { useQuery } from '@tanstack/react-query';
import { apiUrl, getJson, retryServerErrors } from '@client/api/http';
import type { SchoolCollection, SchoolDetail, ZonesSummary } from './school-types';

/** Every school of the city (a few hundred), read once the layer or the section wants them. */
export function useSchools(enabled: boolean) {
  return useQuery({
    queryKey: ['schools'],
    queryFn: ({ signal }) => getJson<SchoolCollection>(apiUrl('/schools'), signal),
    enabled,
    staleTime: 5 * 60_000,
    retry: retryServerErrors,
  });
}

export function useSchool(id: number | null) {
  return useQuery({
    queryKey: ['school', id],
    queryFn: ({ signal }) => getJson<SchoolDetail>(apiUrl(`/schools/${id}`), signal),
    enabled: id !== null,
    // Whether the reader may audit here, and who audited, depend on who reads.
    meta: { perUser: true },
    staleTime: 60_000,
    retry: retryServerErrors,
  });
}

/** Zones with and without a guard post at school hours, for a county or the city (the API's default window). */
export function useZonesSummary(enabled: boolean, county: string | null) {
  return useQuery({
    queryKey: ['schools', 'zones', county],
    queryFn: ({ signal }) => getJson<ZonesSummary>(apiUrl(`/schools/zones${county ? `?county=${county}` : ''}`), signal),
    enabled,
    staleTime: 5 * 60_000,
    retry: retryServerErrors,
  });
}
