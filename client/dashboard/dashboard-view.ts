import { PERIOD_KINDS, type PeriodKind } from '@shared/dashboard/period';

/** What the dashboard shows, as its URL's query string holds it (`/dashboard?period=month&at=2024-02&area=371524`). */
export interface DashboardView {
  period: PeriodKind;
  at?: string;
  from?: string;
  to?: string;
  area?: string;
}

export const DASHBOARD_PATH = '/dashboard';

/** The view a query string names; what it does not name is the API's default (the year to date, the reader's area). */
export function readView(search: string): DashboardView {
  const q = new URLSearchParams(search);
  const kind = q.get('period');
  const view: DashboardView = { period: (PERIOD_KINDS as readonly string[]).includes(kind ?? '') ? (kind as PeriodKind) : 'ytd' };
  for (const k of ['at', 'from', 'to', 'area'] as const) {
    const v = q.get(k);
    if (v) view[k] = v;
  }
  return view;
}

/** The query string of a view, in a fixed order, without what it leaves to the default. */
export function viewQuery(view: DashboardView): string {
  const q = new URLSearchParams({ period: view.period });
  for (const k of ['at', 'from', 'to', 'area'] as const) if (view[k]) q.set(k, view[k]!);
  return q.toString();
}

export const viewHref = (view: DashboardView) => `${DASHBOARD_PATH}?${viewQuery(view)}`;
