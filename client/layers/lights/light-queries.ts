import { useQuery } from '@tanstack/react-query';
import { apiUrl, getJson, retryServerErrors } from '@client/api/http';
import type { LightCandidates, LightCollection, LightDetail } from './light-types';

/** Every light of the city (a few hundred), read once the layer or the section wants them. */
export function useLights(enabled: boolean) {
  return useQuery({
    queryKey: ['lights'],
    queryFn: ({ signal }) => getJson<LightCollection>(apiUrl('/lights'), signal),
    enabled,
    staleTime: 5 * 60_000,
    retry: retryServerErrors,
  });
}

export function useLight(id: number | null) {
  return useQuery({
    queryKey: ['light', id],
    queryFn: ({ signal }) => getJson<LightDetail>(apiUrl(`/lights/${id}`), signal),
    enabled: id !== null,
    staleTime: 60_000,
    retry: retryServerErrors,
  });
}

/** Dark places on unlit roads with no working light, worst first (the last three years). */
export function useLightCandidates(enabled: boolean, county: string | null) {
  return useQuery({
    queryKey: ['lights', 'candidates', county],
    queryFn: ({ signal }) => getJson<LightCandidates>(apiUrl(`/lights/candidates${county ? `?county=${county}` : ''}`), signal),
    enabled,
    staleTime: 10 * 60_000,
    retry: retryServerErrors,
  });
}
