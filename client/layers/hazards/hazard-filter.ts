import { HAZARD_STATES, HAZARD_TYPES, type HazardState, type HazardType } from './hazard-types';

/** What the ledger list and the map show; empty lists mean "all". */
export interface HazardFilter {
  statuses: readonly HazardState[];
  types: readonly HazardType[];
  overdueOnly: boolean;
  /** Searches number, description and road name (the API's `q`). */
  q: string;
}

export const ALL_HAZARDS: HazardFilter = { statuses: [], types: [], overdueOnly: false, q: '' };

/** The most the API gives in one page: the map and the list share this one download. */
export const HAZARD_PAGE_SIZE = 5000;

/**
 * The query string of `GET /api/hazards` for a filter, as GeoJSON (map and list read the same
 * answer), inside `area` when the map has one (`/map?area=`, a dashboard row opened): a county's or
 * township's code; the city's (…00) is everything the reader may see.
 */
export function hazardQuery(filter: HazardFilter, area: string | null = null): string {
  const params = new URLSearchParams({ format: 'geojson', pageSize: String(HAZARD_PAGE_SIZE) });
  if (area && /^\d{4}(?!00)\d{2}$/.test(area)) params.set('county', area);
  if (area && /^\d{9}$/.test(area)) params.set('township', area);
  if (filter.statuses.length) params.set('status', filter.statuses.join(','));
  if (filter.types.length) params.set('type', filter.types.join(','));
  if (filter.overdueOnly) params.set('overdue', 'true');
  const q = filter.q.trim();
  if (q) params.set('q', q);
  return params.toString();
}

/** The list with `value` added, or taken out if it was there. */
export function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** The ledger a map link names (`/map?ledger=1&overdue=1&hstatus=…&htype=…`): what the dashboard's hazard numbers open. */
export function ledgerFromQuery(q: URLSearchParams): { open: boolean; filter: HazardFilter } {
  const list = <T extends string>(key: string, known: readonly T[]) => (q.get(key) ?? '').split(',').filter((v): v is T => (known as readonly string[]).includes(v));
  return {
    open: q.get('ledger') === '1',
    filter: { statuses: list('hstatus', HAZARD_STATES), types: list('htype', HAZARD_TYPES), overdueOnly: q.get('overdue') === '1', q: q.get('hq') ?? '' },
  };
}

/** The ledger's keys for the map's URL; what is the default is removed. */
export function ledgerQuery(open: boolean, filter: HazardFilter): Record<string, string | null> {
  return {
    ledger: open ? '1' : null,
    overdue: filter.overdueOnly ? '1' : null,
    hstatus: filter.statuses.join(',') || null,
    htype: filter.types.join(',') || null,
    hq: filter.q.trim() || null,
  };
}
