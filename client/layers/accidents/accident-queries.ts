import { useQuery } from '@tanstack/react-query';
import { api } from '@client/api/api-client';
import { ok } from '@client/api/http';
import type { AccidentDetailsResponse } from '@client/api/types';
import { decodeAccidents } from './decode-accidents';

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

/** The ids (ascending) of the accidents in a county or township, as the dashboard counts them; idle without an area. */
export function useAccidentsInArea(code: string | null) {
  return useQuery({
    queryKey: ['accidents', 'in-area', code],
    queryFn: async ({ signal }) => {
      const response = await ok(api.accidents['in-area'].$get({ query: { area: code! } }, { init: { signal } }));
      return new Uint32Array(await response.arrayBuffer());
    },
    enabled: code !== null,
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
