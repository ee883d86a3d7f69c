import { useQuery } from '@tanstack/react-query';
import { apiUrl, getJson, retryServerErrors } from '@client/api/http';
import type { SchoolCollection, SchoolDetail } from './school-types';

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
    staleTime: 60_000,
    retry: retryServerErrors,
  });
}
