import type { Locale, Translate } from '@client/i18n/locale';
import { areaName } from '../hazards/hazard-labels';
import type { LightCandidate, Place } from './light-types';

/** 东阿县 刘集镇, or the county alone. */
export function placeText(p: { county: Place | null; township: Place | null }, locale: Locale): string {
  return areaName(p, locale);
}

/** Whole years of a window (2023-11-01 … 2026-10-31 is 3). */
export function windowYears(from: string, to: string): number {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  return Math.max(1, Math.round(days / 365.25));
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** The candidate's reason in words: 近3年夜间事故 5 起，死亡 2 人；150 m 内无照明. */
export function candidateReason(c: LightCandidate, years: number, radius: number, t: Translate): string {
  const casualties = c.night.deaths > 0
    ? t('lights.candidate.deaths', { deaths: c.night.deaths })
    : c.night.injuries > 0 ? t('lights.candidate.injuries', { injuries: c.night.injuries }) : t('lights.candidate.noCasualties');
  return t('lights.candidate.reason', { years, crashes: c.night.crashes, casualties, radius });
}

/** How much more of the place's crashes happen in the dark than the county's usual share, or '' when unknown. */
export function excessText(c: LightCandidate, t: Translate): string {
  if (c.countyShare === null || c.excess === null) return '';
  return t('lights.candidate.excess', { share: percent(c.darkShare), county: percent(c.countyShare), ratio: c.excess.toFixed(1) });
}
