/**
 * The demo's rural markets (集): which towns hold one and when, which of them the police have
 * registered, and how each registered one stands. The accidents (accident-sites.ts) raise crashes
 * around these towns on their market days, mostly within market hours, and stop where a market was
 * closed or moved; the first start stores the registered ones (api/seed/markets.ts).
 *
 * - Names and days: a town on the reported list (base/markets-reported-371500.csv; public pages,
 *   low confidence) takes its reported name and days; the others are 'XX集' on one of the five
 *   usual lunar digit pairs (逢一六 … 逢五十) the town draw gave them.
 * - Hours: opening 05:30–07:00 and closing 11:00–13:00, in half hours.
 * - Register: a quarter of the towns (never a reported one) are left out, so that a cycle finder
 *   has real markets to find; the rest are registered, 70 % active, 12 % regulated (规范), 10 %
 *   relocated (已搬迁, the new site 500–1 200 m away) and 8 % closed (取缔), each change dated
 *   4 months to 2½ years before the end of the accident window.
 * - Stretch: the market fills its nearest road (60 %) or nearest two (40 %) near the town point.
 * Every part draws from its own stream, so the towns chosen (and everything built on them, such
 * as the obstacles' market stalls) do not depend on these choices.
 */
import { dayNumber, isoDate } from '@shared/calendar/day-number';
import { loadReportedMarkets } from './base-data';
import type { Rng } from './random';
import type { LonLat, Township } from './types';

export type MarketStatus = 'active' | 'regulated' | 'relocated' | 'closed';

export interface MarketTown {
  townshipCode: string;
  townshipName: string;
  /** The reported name (贾寨集), else one made from the town's (许营镇 → 许营集, 刘集镇 → 刘集大集). */
  name: string;
  point: LonLat;
  /** Lunar days of the month it is held (逢一、六 → 1, 6, 11, 16, 21, 26). */
  lunarDays: number[];
  /** Where name and days come from when they were reported (low confidence), else null. */
  reported: string | null;
  /** Market hours in minutes after midnight, China time: from inclusive, to exclusive. */
  hours: { from: number; to: number };
  /** In the police register, stored on the first start. */
  registered: boolean;
  status: MarketStatus;
  /** The day the status began ('YYYY-MM-DD'); null while active. */
  statusOn: string | null;
  /** Where a relocated market went, from the town point: degrees clockwise from north, metres. */
  relocation: { bearing: number; distance: number } | null;
  /** How many of the nearest roads (not expressways) the market fills. */
  stretchRoads: 1 | 2;
}

/** Share of a market's extra crashes that fall within its hours (stalls and buyers come and go around them). */
export const MARKET_HOUR_SHARE = 0.85;
export const UNREGISTERED_SHARE = 0.25;

/** The explicit days of a reported schedule: '3,8' (逢三、八) → 3, 8, 13, 18, 23, 28; 10 is 十. */
export function lunarDaysOf(digits: number[]): number[] {
  const days = new Set<number>();
  for (const d of digits) for (let k = d; k <= 30; k += 10) if (k >= 1) days.add(k);
  return [...days].sort((a, b) => a - b);
}

/**
 * The market towns with everything the demo decides about them. `picked` are the towns the accident
 * sites drew, in order, with the digit (1–5) each drew; `endDate` the last day of the accident window.
 */
export function planMarketTowns(picked: { township: Township; digit: number }[], rng: Rng, endDate: string): MarketTown[] {
  const reported = new Map(
    loadReportedMarkets().filter((r) => r.townshipCode && r.calendar === 'lunar').map((r) => [r.townshipCode!, r]),
  );
  const hoursRng = rng.fork('hours');
  const stretchRng = rng.fork('stretch');
  const statusRng = rng.fork('status');
  const endDay = dayNumber(endDate);

  const towns: MarketTown[] = picked.map(({ township: t, digit }) => {
    const r = reported.get(t.code);
    return {
      townshipCode: t.code,
      townshipName: t.name,
      name: r ? r.name : marketName(t.name),
      point: t.point!,
      lunarDays: lunarDaysOf(r ? r.digits : [digit, digit + 5]),
      reported: r ? r.note : null,
      hours: { from: 330 + 30 * hoursRng.int(4), to: 660 + 30 * hoursRng.int(5) },
      registered: true,
      status: 'active',
      statusOn: null,
      relocation: null,
      stretchRoads: stretchRng.chance(0.4) ? 2 : 1,
    };
  });

  // A quarter left unregistered, drawn among the towns nobody reported.
  const candidates = towns.filter((t) => !t.reported);
  const registry = rng.fork('registry');
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = registry.int(i + 1);
    [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
  }
  for (const t of candidates.slice(0, Math.round(towns.length * UNREGISTERED_SHARE))) t.registered = false;

  for (const t of towns) {
    const roll = statusRng.next();
    const on = isoDate(endDay - 120 - statusRng.int(790));
    const relocation = { bearing: statusRng.int(360), distance: 500 + statusRng.int(700) };
    if (!t.registered || roll < 0.7) continue;
    t.status = roll < 0.82 ? 'regulated' : roll < 0.92 ? 'relocated' : 'closed';
    t.statusOn = on;
    if (t.status === 'relocated') t.relocation = relocation;
  }
  return towns;
}

/** 许营镇 → 许营集; 刘集镇 → 刘集大集 (a town named for its market already); 贾镇 → 贾镇集. */
function marketName(town: string): string {
  const stem = town.replace(/[镇乡]$/, '');
  if (stem.length < 2) return `${town}集`;
  return stem.endsWith('集') ? `${stem}大集` : `${stem}集`;
}

/** The first day without a market: the day a market closed or moved; null while it meets. */
export function marketEndDay(t: Pick<MarketTown, 'status' | 'statusOn'>): number | null {
  return (t.status === 'closed' || t.status === 'relocated') && t.statusOn ? dayNumber(t.statusOn) : null;
}
