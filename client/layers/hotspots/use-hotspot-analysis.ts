import { useEffect, useState } from 'react';
import { ApiRequestError } from '@client/api/http';
import { DEFAULT_PARAMS, hotspotSearch, type HotspotParams, type SharedFilters } from './hotspot-params';
import { isUnavailable, useHotspotQuery, type HotspotRequest } from './hotspot-query';
import type { HotspotMethod, HotspotResult } from './hotspot-types';

/** Typing or dragging settles this long before the analysis runs again. */
export const RERUN_DELAY_MS = 300;

const keyOf = (r: HotspotRequest | null) => (r ? `${r.method}?${r.search}` : null);

function fromKey(key: string | null): HotspotRequest | null {
  if (key === null) return null;
  const at = key.indexOf('?');
  return { method: key.slice(0, at) as HotspotMethod, search: key.slice(at + 1) };
}

/** The request to run: parameter edits wait until they settle; a change of method runs at once. */
function useSettledRequest(wanted: HotspotRequest | null): HotspotRequest | null {
  const wantedKey = keyOf(wanted);
  const [settledKey, setSettledKey] = useState(wantedKey);
  useEffect(() => {
    if (wantedKey === settledKey) return;
    if (fromKey(wantedKey)?.method !== fromKey(settledKey)?.method) {
      setSettledKey(wantedKey);
      return;
    }
    const timer = setTimeout(() => setSettledKey(wantedKey), RERUN_DELAY_MS);
    return () => clearTimeout(timer);
  }, [wantedKey, settledKey]);
  return fromKey(settledKey);
}

export interface HotspotAnalysis {
  started: boolean;
  start(): void;
  method: HotspotMethod;
  setMethod(method: HotspotMethod): void;
  params: HotspotParams;
  setParams(params: HotspotParams): void;
  /** The window and severities the analysis uses (the panel's filters). */
  filters: SharedFilters | null;
  /** The result on screen: the newest for the method, or the last good one while a newer one computes or failed. */
  result: HotspotResult | null;
  /** `result` is not for the current parameters (computing, or they were rejected). */
  stale: boolean;
  busy: boolean;
  error: ApiRequestError | Error | null;
  /** The method's API route is not on this server yet. */
  unavailable: boolean;
  /** Grid results colour and rank by the FDR-corrected bin. */
  useFdr: boolean;
}

/**
 * The hotspot analysis the panel drives: nothing runs until the section is first opened; from then
 * on every change of method, parameter or filter runs it again, and the result stays on the map.
 */
export function useHotspotAnalysis(filters: SharedFilters | null): HotspotAnalysis {
  const [started, setStarted] = useState(false);
  const [method, setMethod] = useState<HotspotMethod>('clusters');
  const [params, setParams] = useState<HotspotParams>(DEFAULT_PARAMS);

  const wanted = started && filters && filters.severities.length > 0 ? { method, search: hotspotSearch(method, params, filters) } : null;
  const request = useSettledRequest(wanted);
  const query = useHotspotQuery(request);

  const [lastGood, setLastGood] = useState<HotspotResult | null>(null);
  useEffect(() => {
    if (query.data && !query.isPlaceholderData) setLastGood(query.data);
  }, [query.data, query.isPlaceholderData]);

  const unavailable = query.isError && isUnavailable(query.error);
  const fallback = query.isError && !unavailable && lastGood?.method === method ? lastGood : null;
  const result = wanted ? (query.data ?? fallback) : null;
  const settled = keyOf(wanted) === keyOf(request);
  const shown = result?.method === method ? result : null;
  // The result says whether it was asked with the correction; the checkbox may be ahead of it.
  const gridMeta = shown?.method === 'grid' ? shown.collection.meta : undefined;
  return {
    started,
    start: () => setStarted(true),
    method,
    setMethod,
    params,
    setParams,
    filters,
    result: shown,
    stale: !settled || query.isPlaceholderData || (query.isError && result !== null),
    busy: wanted !== null && (!settled || query.isFetching),
    error: query.isError ? query.error : null,
    unavailable,
    useFdr: method === 'grid' && (gridMeta?.fdr ?? params.grid.fdr),
  };
}
