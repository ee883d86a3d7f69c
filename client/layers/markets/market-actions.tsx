import { useState } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import { MarketStatusForm, NEXT_STATUS } from './market-status-form';
import type { MarketDetail } from './market-types';

interface MarketActionsProps {
  market: MarketDetail;
  site: [number, number] | null;
  onPickSite(): void;
}

/** The card's writes: change the market's status (规范, 搬迁 to a site picked on the map, 取缔). */
export function MarketActions({ market, site, onPickSite }: MarketActionsProps) {
  const { t } = useI18n();
  const [changing, setChanging] = useState(false);
  // A closed or moved market has nothing left to change to.
  if (NEXT_STATUS[market.status].length === 0) return null;
  return changing ? (
    <section className="detail-block">
      <h3>{t('market.statusForm.heading')}</h3>
      <MarketStatusForm market={market} site={site} onPickSite={onPickSite} onDone={() => setChanging(false)} />
    </section>
  ) : (
    <div className="hazard-actions">
      <button type="button" className="button button-small button-quiet" data-testid="market-status-change" onClick={() => setChanging(true)}>
        {t('market.statusForm.open')}
      </button>
    </div>
  );
}
