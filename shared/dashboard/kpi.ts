/** The arithmetic of the leaders' numbers, shared by the API (which answers them) and the client (which shows them). */

/** The change from `before` to `now` as a share (0.25 = +25 %); null where there was nothing before to compare with. */
export function change(now: number, before: number): number | null {
  return before === 0 ? null : (now - before) / before;
}

/** `count` per `unit` residents (10 000: 万人死亡率); null without a population. */
export function per(count: number, population: number | null, unit: number): number | null {
  return population ? (count * unit) / population : null;
}

/** Who reads the dashboard: leaders and admins, and a brigade's officers for their own county. Liaisons have none. */
export const DASHBOARD_READERS = ['leader', 'admin', 'officer'] as const;

/** Whose first page is the dashboard (opening the app, or signing in on it); everyone else starts on the map. */
export const STARTS_ON_DASHBOARD = ['leader', 'admin'] as const;

/** A share as shown beside a number, to one decimal: a change signed (同比 +12.5%), a rate not (整改率 57.1%); — with none. */
export function shownPercent(share: number | null, signed = false): string {
  if (share === null) return '—';
  return `${signed && share > 0 ? '+' : ''}${(share * 100).toFixed(1)}%`;
}
