import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiUrl, getJson, retryServerErrors, sendJson } from '@client/api/http';
import { hazardQuery, type HazardFilter } from './hazard-filter';
import type { Hazard, HazardCollection, HazardDetail, HazardType, RiskLevel } from './hazard-types';

/** The filtered ledger, for the map and the list alike; the previous answer stays while a new filter loads. */
export function useHazards(filter: HazardFilter, enabled: boolean) {
  const query = hazardQuery(filter);
  return useQuery({
    queryKey: ['hazards', query],
    queryFn: ({ signal }) => getJson<HazardCollection>(apiUrl(`/hazards?${query}`), signal),
    enabled,
    placeholderData: keepPreviousData,
    retry: retryServerErrors,
  });
}

export function useHazard(id: number) {
  return useQuery({
    queryKey: ['hazard', id],
    queryFn: ({ signal }) => getJson<HazardDetail>(apiUrl(`/hazards/${id}`), signal),
    retry: retryServerErrors,
  });
}

/** After any write the list, the map and the hazard's own timeline are read again. */
function useRefreshLedger() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'hazards' || q.queryKey[0] === 'hazard' });
}

export function useTransition(id: number) {
  const refresh = useRefreshLedger();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => sendJson<Hazard>('POST', apiUrl(`/hazards/${id}/transitions`), body),
    onSettled: refresh,
  });
}

export interface NewHazard {
  type: HazardType;
  description: string;
  risk: RiskLevel;
  lon: number;
  lat: number;
  roadName?: string;
  foundOn?: string;
  confirmNotDuplicate?: boolean;
}

export function useRegisterHazard() {
  const refresh = useRefreshLedger();
  return useMutation({
    mutationFn: (body: NewHazard) => sendJson<Hazard>('POST', apiUrl('/hazards'), body),
    onSuccess: refresh,
  });
}
