import { useQuery } from '@tanstack/react-query';
import { apiUrl, getJson, retryServerErrors } from '@client/api/http';
import type { IntersectionCollection, IntersectionDetail } from './sight-types';

/**
 * The deficient intersections of the whole city, worst first, read once when first wanted. The
 * full network (~7,500, mostly clear) is not drawn: only deficient ones are worth a marker.
 * Obstacle writes re-analyse on the server; a reload shows them.
 */
export function useDeficientIntersections(enabled: boolean) {
  return useQuery({
    queryKey: ['intersections', 'deficient'],
    queryFn: ({ signal }) => getJson<IntersectionCollection>(apiUrl('/intersections?deficient=true'), signal),
    enabled,
    staleTime: 5 * 60_000,
    retry: retryServerErrors,
  });
}

export function useIntersection(id: number | null) {
  return useQuery({
    queryKey: ['intersection', id],
    queryFn: ({ signal }) => getJson<IntersectionDetail>(apiUrl(`/intersections/${id}`), signal),
    enabled: id !== null,
    staleTime: 60_000,
    retry: retryServerErrors,
  });
}
