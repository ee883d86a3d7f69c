import { useQuery } from '@tanstack/react-query';
import { ApiRequestError, apiUrl, getJson, retryServerErrors } from '@client/api/http';
import type { HotspotMethod, HotspotResult, SegmentRule } from './hotspot-types';

export interface HotspotRequest {
  method: HotspotMethod;
  /** From hotspotSearch: the whole of what the result depends on. */
  search: string;
}

/**
 * One analysis run, cached by method and parameters. While a new run computes, the previous
 * result of the same method stays as placeholder (shown dimmed); a response for parameters the
 * user has since changed lands under its own key and never replaces the newer one on screen.
 *
 * Untyped fetch rather than the hono client: the segment and grid routes join the API as they are
 * built, and every route sends PostGIS's GeoJSON text untouched (no declared body type to infer).
 */
export function useHotspotQuery(request: HotspotRequest | null) {
  return useQuery({
    queryKey: ['hotspots', request?.method, request?.search],
    queryFn: async ({ signal }): Promise<HotspotResult> => {
      const { method, search } = request!;
      const collection = await getJson<HotspotResult['collection']>(apiUrl(`/hotspots/${method}?${search}`), signal);
      return { method, collection, search } as HotspotResult;
    },
    enabled: request !== null,
    placeholderData: (previous) => (previous && previous.method === request?.method ? previous : undefined),
    staleTime: 10 * 60_000,
    // A 4xx is an answer (bad parameter, route not there yet): asking again changes nothing.
    retry: retryServerErrors,
  });
}

/** The built-in rule sets for road segments, by name (`default`, …); fetched when segments are chosen. */
export function useSegmentRuleSets(enabled: boolean) {
  return useQuery({
    queryKey: ['hotspots', 'segment-rule-sets'],
    queryFn: ({ signal }) => getJson<Record<string, SegmentRule[]>>(apiUrl('/hotspots/segments/rules'), signal),
    enabled,
    staleTime: Infinity,
    retry: false,
  });
}

/** The route is not mounted on this server yet (404 from the API's catch-all). */
export function isUnavailable(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 404;
}
