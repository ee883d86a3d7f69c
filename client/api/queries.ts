import { useQuery } from '@tanstack/react-query';
import { decodeAccidents } from '@client/layers/accidents/decode-accidents';
import { api } from './api-client';
import { getJson, ok } from './http';
import type { AccidentDetailsResponse } from './types';

export function useConfig() {
  return useQuery({
    queryKey: ['config'],
    queryFn: async ({ signal }) => (await ok(api.config.$get({}, { init: { signal } }))).json(),
    staleTime: Infinity,
  });
}

/**
 * The whole city's accidents, once, in the binary columnar form. Filters run on the GPU
 * over this one download, so nothing here depends on the filter settings.
 */
export function useAccidentColumns() {
  return useQuery({
    queryKey: ['accidents', 'binary'],
    queryFn: async ({ signal }) => {
      const response = await ok(api.accidents.$get({ query: { format: 'binary' } }, { init: { signal } }));
      return decodeAccidents(await response.arrayBuffer());
    },
    staleTime: Infinity,
  });
}

export function useAccidentDetails(id: number | null) {
  return useQuery({
    queryKey: ['accident', id],
    // The route's body is a SQL row, untyped on the server: AccidentDetailsResponse names its columns.
    queryFn: async ({ signal }) => {
      const response = await ok(api.accidents[':id'].$get({ param: { id: String(id) } }, { init: { signal } }));
      return (await response.json()) as AccidentDetailsResponse;
    },
    enabled: id !== null,
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
