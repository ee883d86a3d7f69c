import { useCallback } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiUrl, getJson, retryServerErrors, sendJson } from '@client/api/http';
import type { Unit } from './hazard-actions';
import { hazardQuery, type HazardFilter } from './hazard-filter';
import { uploadPhotos } from './hazard-photos';
import { keepInOutbox, notReached, outboxKey, toOutboxPhotos } from './outbox-store';
import { useAuth } from '@client/auth/auth-provider';
import type { Hazard, HazardCollection, HazardDetail, HazardType, RiskLevel } from './hazard-types';

/** The filtered ledger in the map's area, for the map and the list alike; the previous answer stays while a new filter loads. */
export function useHazards(filter: HazardFilter, area: string | null, enabled: boolean) {
  const query = hazardQuery(filter, area);
  return useQuery({
    queryKey: ['hazards', query],
    queryFn: ({ signal }) => getJson<HazardCollection>(apiUrl(`/hazards?${query}`), signal),
    enabled,
    placeholderData: keepPreviousData,
    retry: retryServerErrors,
  });
}

/** The units that may take a county's hazards; they change rarely, so one read per county and session. */
export function useUnits(county: string) {
  return useQuery({
    queryKey: ['units', county],
    queryFn: ({ signal }) => getJson<Unit[]>(apiUrl(`/units?county=${county}`), signal),
    staleTime: Infinity,
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

/** The list, the map and each hazard's own timeline, but for the hazard `gone`. */
const ledgerQueries =
  (gone?: number) =>
  (q: { queryKey: readonly unknown[] }): boolean =>
    q.queryKey[0] === 'hazards' || (q.queryKey[0] === 'hazard' && q.queryKey[1] !== gone);

/** After any write the list, the map and the hazard's own timeline are read again. */
export function useRefreshLedger() {
  const queryClient = useQueryClient();
  // Stable: hooks that send in effects (the outbox) depend on it.
  return useCallback(() => queryClient.invalidateQueries({ predicate: ledgerQueries() }), [queryClient]);
}

/**
 * The same after a step, but one that took the hazard out of what the user may read (a liaison's
 * 退回) does not read that hazard again (it would answer 403).
 */
export function useRefreshLedgerAfterStep() {
  const queryClient = useQueryClient();
  return useCallback((hazardId: number, left: boolean) => queryClient.invalidateQueries({ predicate: ledgerQueries(left ? hazardId : undefined) }), [queryClient]);
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
  /** A 马路市场 hazard may name its market: closing it then settles the market (取缔, 搬迁, 规范). */
  marketId?: number;
  /** Photos to upload once the hazard is saved. */
  files?: readonly File[];
}

/** What became of a registration: saved (its photos too, or why not), or kept in the outbox to send later. */
export type Registration = { hazard: Hazard; photoError: Error | null; queued: false } | { hazard: null; photoError: null; queued: true };

/**
 * Registers the hazard under the form's own id, then uploads its photos; a failed upload leaves
 * the hazard saved and is returned, not thrown. Where the send does not reach the server (no
 * signal), the registration and its photos are kept in the outbox (待发送) and sent later.
 */
export function useRegisterHazard() {
  const refresh = useRefreshLedger();
  const queryClient = useQueryClient();
  const { user } = useAuth();
  const username = user?.username ?? null;
  return useMutation({
    // Sent even while the browser says it is offline: a send that does not get through goes to the outbox (not paused).
    networkMode: 'always',
    mutationFn: async ({ files = [], clientRef, confirmNotDuplicate, ...body }: NewHazard & { clientRef: string }): Promise<Registration> => {
      const keep = async (hazard: Hazard | null) => {
        await keepInOutbox({
          ref: clientRef,
          username: username!,
          savedAt: new Date().toISOString(),
          body,
          photos: toOutboxPhotos(files),
          state: hazard ? 'photos' : 'waiting',
          hazard: hazard && { id: hazard.id, number: hazard.number },
          confirmed: !!confirmNotDuplicate,
          problem: null,
          tries: 1,
        });
        await queryClient.invalidateQueries({ queryKey: outboxKey(username) });
        return { hazard: null, photoError: null, queued: true } as const;
      };
      let hazard: Hazard;
      try {
        hazard = await sendJson<Hazard>('POST', apiUrl('/hazards'), { ...body, confirmNotDuplicate, clientRef });
      } catch (e) {
        if (username !== null && notReached(e)) return keep(null);
        throw e;
      }
      if (!files.length) return { hazard, photoError: null, queued: false };
      try {
        await uploadPhotos(hazard.id, files);
        return { hazard, photoError: null, queued: false };
      } catch (e) {
        if (username !== null && notReached(e)) return keep(hazard);
        return { hazard, photoError: e as Error, queued: false };
      }
    },
    // Kept in the outbox (no signal): the ledger's reads wait for the network now (offlineFirst), so
    // the form closes without waiting for them.
    onSuccess: (result) => (result.queued ? void refresh() : refresh()),
  });
}
