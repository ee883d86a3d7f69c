import type { MarketAnalysisRow, MarketStatus } from './market-types';

type Rgba = [number, number, number, number];

/**
 * How strongly a market's days show in its crashes: `high` when the interval's lower end is above 1
 * and the ratio at least 2, `raised` when only the lower end is above 1, `unclear` otherwise (too
 * few crashes to tell, or none) — so colour never claims more than the interval does.
 */
export type MarketRisk = 'high' | 'raised' | 'unclear';
export const MARKET_RISKS: readonly MarketRisk[] = ['high', 'raised', 'unclear'];

export function marketRisk(row: Pick<MarketAnalysisRow, 'ratio' | 'ci'> | undefined): MarketRisk {
  if (!row?.ci || !(row.ci[0] > 1)) return 'unclear';
  // No ratio with an interval: crashes on market days and none on the others, an unbounded ratio.
  return (row.ratio ?? Infinity) >= 2 ? 'high' : 'raised';
}

/** Active markets by risk (warm), regulated ones blue, gone ones (relocated, closed) grey. */
export const RISK_COLOR: Record<MarketRisk, Rgba> = {
  high: [185, 28, 28, 255],
  raised: [234, 88, 12, 255],
  unclear: [202, 138, 4, 255],
};
export const STATUS_COLOR: Record<Exclude<MarketStatus, 'active'>, Rgba> = {
  regulated: [37, 99, 235, 255],
  relocated: [148, 130, 170, 255],
  closed: [140, 140, 140, 255],
};
/** The halo of a market that meets on the chosen day (today unless another day is picked). */
export const MEETS_COLOR: Rgba = [250, 204, 21, 200];

export function marketColor(status: MarketStatus, risk: MarketRisk): Rgba {
  return status === 'active' ? RISK_COLOR[risk] : STATUS_COLOR[status];
}

/** A place the cycle finder suspects of an unregistered market. */
export const CANDIDATE_COLOR: Rgba = [124, 58, 237, 255];

/** Rows of markets still meeting (active, regulated, or not yet known) first, closed and moved ones after, each part in its order. */
export function stillMeetingFirst<R>(rows: readonly R[], status: (r: R) => MarketStatus | undefined): R[] {
  const gone = (r: R) => status(r) === 'closed' || status(r) === 'relocated';
  return [...rows.filter((r) => !gone(r)), ...rows.filter(gone)];
}
