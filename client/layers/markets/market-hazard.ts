import type { Locale, Translate } from '@client/i18n/locale';
import { ratioWithInterval, whenText } from './market-labels';
import type { MarketCandidate, MarketDetail } from './market-types';

/** 登记为隐患 from a market: type 马路市场, the description saying when it meets and what its market days do. */
export function hazardDraft(d: MarketDetail, t: Translate, locale: Locale): { type: 'roadside_market'; description: string; roadName: string; marketId: number } {
  const a = d.analysis;
  const description = t('market.hazard.description', {
    name: d.name,
    when: whenText(d, locale),
    evidence: a?.ci ? t('market.hazard.evidence', { ratio: ratioWithInterval(a, t), crashes: a.marketDays.crashes, days: a.marketDays.days }) : '',
  });
  const roadName = d.roads.map((r) => r.name).join(t('market.listSeparator'));
  // The ledger's limits (register-form.tsx): description 2000, road 100 characters.
  // Named, so that closing the hazard settles the market (取缔, 搬迁, 规范).
  return { type: 'roadside_market', description: description.slice(0, 2000), roadName: roadName.slice(0, 100), marketId: d.id };
}

/** 登记为隐患 from a suspected market: what the crashes show, for the officer to confirm on the ground. */
export function candidateHazardDraft(c: MarketCandidate, t: Translate): { type: 'roadside_market'; description: string; roadName: string } {
  const description = t('market.candidate.hazard', { label: c.label, crashes: c.crashes, on: c.onResidue, from: c.hours?.from ?? '', to: c.hours?.to ?? '' });
  const roadName = c.roads.map((r) => r.name).join(t('market.listSeparator'));
  return { type: 'roadside_market', description: description.slice(0, 2000), roadName: roadName.slice(0, 100) };
}
