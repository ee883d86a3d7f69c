import type { Locale } from '@client/i18n/locale';
import { localName } from './hazard-labels';
import { HAZARD_STATES, HAZARD_TYPES, type Hazard } from './hazard-types';

export const SORT_KEYS = ['number', 'type', 'place', 'status', 'unit', 'deadline', 'overdue'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface HazardSort {
  key: SortKey;
  descending: boolean;
}

/** The API's own order: newest first (numbers grow with registration). */
export const NEWEST_FIRST: HazardSort = { key: 'number', descending: true };

/** County, township, road: how the place column reads and sorts. */
export function placeOf(h: Hazard, locale: Locale = 'zh'): string {
  return [localName(h.county, locale), h.township && localName(h.township, locale), h.roadName].filter(Boolean).join(' · ');
}

/** A sortable value for each column; null sorts last whichever the direction. */
function valueOf(h: Hazard, key: SortKey): string | number | null {
  switch (key) {
    case 'number':
      return h.number;
    case 'type':
      return HAZARD_TYPES.indexOf(h.type);
    case 'place':
      return placeOf(h);
    case 'status':
      return HAZARD_STATES.indexOf(h.status);
    case 'unit':
      return h.unit?.name ?? null;
    case 'deadline':
      return h.deadline;
    case 'overdue':
      return h.overdue ? 1 : 0;
  }
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** A sorted copy; ties keep the newest first, so the order never jumps between renders. */
export function sortHazards(items: readonly Hazard[], sort: HazardSort): Hazard[] {
  const sign = sort.descending ? -1 : 1;
  return [...items].sort((a, b) => {
    const va = valueOf(a, sort.key);
    const vb = valueOf(b, sort.key);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) {
      return sign * (typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb)));
    }
    return b.id - a.id;
  });
}

/** Clicking a column sorts by it; clicking it again turns the direction round. */
export function nextSort(current: HazardSort, key: SortKey): HazardSort {
  return current.key === key ? { key, descending: !current.descending } : { key, descending: key === 'overdue' };
}

export const ROWS_PER_PAGE = 20;

/** Page `page` (from 1) of `items`, with the page clamped to those that exist. */
export function pageOf<T>(items: readonly T[], page: number, size = ROWS_PER_PAGE): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(1, page), pages);
  return { rows: items.slice((p - 1) * size, p * size), page: p, pages };
}
