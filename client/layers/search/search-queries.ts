import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { SEARCH_MAX_LENGTH, type SearchAnswer } from '@shared/search/search-types';
import { apiUrl, getJson } from '@client/api/http';

export type { SearchAnswer, SearchKind, SearchResult } from '@shared/search/search-types';

/** The text as the API takes it. */
export const searchText = (typed: string) => typed.trim().replace(/\s+/g, ' ').slice(0, SEARCH_MAX_LENGTH);

/**
 * The finds for a text (already debounced). Hazards are found only for a signed-in user, within
 * what they may read: read again on signing in or out. The last answer stays while the next loads.
 */
export function useSearchResults(q: string) {
  return useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => getJson<SearchAnswer>(apiUrl(`/search?q=${encodeURIComponent(q)}`), signal),
    enabled: q !== '',
    staleTime: 60_000,
    retry: false,
    placeholderData: keepPreviousData,
    meta: { perUser: true },
  });
}
