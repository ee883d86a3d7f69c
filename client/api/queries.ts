import { useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import { getJson, ok } from './http';

export function useConfig() {
  return useQuery({
    queryKey: ['config'],
    queryFn: async ({ signal }) => (await ok(api.config.$get({}, { init: { signal } }))).json(),
    staleTime: Infinity,
  });
}

/** A configured remote style (BASEMAP_STYLE_URL), fetched only when that base map is chosen. */
export function useRemoteStyle(url: string | null) {
  return useQuery({
    queryKey: ['remote-style', url],
    queryFn: ({ signal }) => getJson<import('maplibre-gl').StyleSpecification>(url!, signal),
    enabled: url !== null,
    staleTime: Infinity,
  });
}
