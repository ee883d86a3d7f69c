import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiUrl, getJson, retryServerErrors } from '@client/api/http';
import type { MarketAnalysis, MarketCandidates, MarketCollection, MarketDetail, MarketSchedule } from './market-types';

/** Every market of the city (a few hundred at most), read once the layer or the section wants them. */
export function useMarkets(enabled: boolean) {
  return useQuery({
    queryKey: ['markets'],
    queryFn: ({ signal }) => getJson<MarketCollection>(apiUrl('/markets'), signal),
    enabled,
    staleTime: 5 * 60_000,
    retry: retryServerErrors,
  });
}

/** Today and the six days after (China's date, as the server sees it): which markets meet. */
export function useMarketSchedule(enabled: boolean) {
  return useQuery({
    queryKey: ['markets', 'schedule'],
    queryFn: ({ signal }) => getJson<MarketSchedule>(apiUrl('/markets/schedule'), signal),
    enabled,
    staleTime: 10 * 60_000,
    retry: retryServerErrors,
  });
}

/** Market days against other days, every market; `buffer` in metres (null: the server's setting). */
export function useMarketAnalysis(enabled: boolean, buffer: number | null) {
  return useQuery({
    queryKey: ['markets', 'analysis', buffer],
    queryFn: ({ signal }) =>
      getJson<MarketAnalysis>(apiUrl(`/markets/analysis${buffer === null ? '' : `?buffer=${buffer}`}`), signal),
    enabled,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
    retry: retryServerErrors,
  });
}

export function useMarket(id: number | null) {
  return useQuery({
    queryKey: ['market', id],
    queryFn: ({ signal }) => getJson<MarketDetail>(apiUrl(`/markets/${id}`), signal),
    enabled: id !== null,
    staleTime: 60_000,
    retry: retryServerErrors,
  });
}

/** Unregistered places whose crashes recur on a five-day lunar cycle (a few seconds' work on the server). */
export function useMarketCandidates(enabled: boolean) {
  return useQuery({
    queryKey: ['markets', 'candidates'],
    queryFn: ({ signal }) => getJson<MarketCandidates>(apiUrl('/markets/candidates'), signal),
    enabled,
    staleTime: 10 * 60_000,
    retry: retryServerErrors,
  });
}
