import { useState } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import { MarketEditForm } from './market-edit-form';
import { MarketStatusForm, NEXT_STATUS } from './market-status-form';
import type { MarketDetail } from './market-types';

interface MarketActionsProps {
  market: MarketDetail;
  site: [number, number] | null;
  onPickSite(): void;
}

/** The card's writes: the name and timetable (集日, hours), and the status (规范, 搬迁 to a site picked on the map, 取缔). */
export function MarketActions({ market, site, onPickSite }: MarketActionsProps) {
  const { t } = useI18n();
  const [form, setForm] = useState<'edit' | 'status' | null>(null);
  const done = () => setForm(null);
  if (form === 'edit') {
    return (
      <section className="detail-block">
        <h3>{t('market.edit.heading')}</h3>
        <MarketEditForm market={market} onDone={done} />
      </section>
    );
  }
  if (form === 'status') {
    return (
      <section className="detail-block">
        <h3>{t('market.statusForm.heading')}</h3>
        <MarketStatusForm market={market} site={site} onPickSite={onPickSite} onDone={done} />
      </section>
    );
  }
  return (
    <div className="hazard-actions">
      <button type="button" className="button button-small button-quiet" data-testid="market-edit" onClick={() => setForm('edit')}>
        {t('market.edit.open')}
      </button>
      {/* A closed or moved market has no status left to change to. */}
      {NEXT_STATUS[market.status].length > 0 && (
        <button type="button" className="button button-small button-quiet" data-testid="market-status-change" onClick={() => setForm('status')}>
          {t('market.statusForm.open')}
        </button>
      )}
    </div>
  );
}
