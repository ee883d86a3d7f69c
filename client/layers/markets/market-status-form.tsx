import { useState } from 'react';
import { FormField } from '@client/app/form-field';
import { chinaToday } from '@shared/calendar/day-number';
import { useI18n } from '@client/i18n/i18n-provider';
import { useMarketWrite } from './use-market-write';
import type { MarketDetail, MarketStatus } from './market-types';

/** Where a market may go from each status (the API's rule): a closed or moved market stays so. */
export const NEXT_STATUS: Record<MarketStatus, readonly MarketStatus[]> = {
  active: ['regulated', 'relocated', 'closed'],
  regulated: ['relocated', 'closed'],
  relocated: [],
  closed: [],
};

interface MarketStatusFormProps {
  market: MarketDetail;
  /** The new site picked on the map (搬迁), or null. */
  site: [number, number] | null;
  /** Starts picking the new site on the map. */
  onPickSite(): void;
  onDone(): void;
}

/**
 * 规范 / 搬迁 / 取缔 a market, from a day; 搬迁 needs the new site, picked on the map.
 * Sent with the version read: a stale one is said in words and the card reloads.
 */
export function MarketStatusForm({ market, site, onPickSite, onDone }: MarketStatusFormProps) {
  const { t } = useI18n();
  const next = NEXT_STATUS[market.status];
  const [status, setStatus] = useState<MarketStatus>(next[0] ?? market.status);
  const [statusOn, setStatusOn] = useState(chinaToday);
  const [note, setNote] = useState('');
  const { save, problem } = useMarketWrite(market, 'POST', '/status', () => ({
    status,
    statusOn,
    relocatedTo: status === 'relocated' ? (site ?? undefined) : undefined,
    note: note.trim() || undefined,
  }), onDone);
  const at = (field: string) => (problem?.field === field ? problem.message : null);
  const missingSite = status === 'relocated' && !site;

  return (
    <form
      className="school-post-form"
      data-testid="market-status-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!missingSite) save.mutate();
      }}
    >
      <fieldset disabled={save.isPending}>
        <FormField label={t('market.field.status')} error={at('status')}>
          <select data-testid="market-status-select" value={status} onChange={(e) => setStatus(e.target.value as MarketStatus)}>
            {next.map((s) => (
              <option key={s} value={s}>
                {t(`market.statusAction.${s}`)}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label={t('market.statusForm.date')} error={at('statusOn')}>
          <input type="date" data-testid="market-status-date" value={statusOn} max={chinaToday()} onChange={(e) => setStatusOn(e.target.value)} />
        </FormField>
        {status === 'relocated' && (
          <FormField label={t('market.field.relocatedTo')} error={at('relocatedTo')}>
            <span className="market-site">
              <span data-testid="market-site">{site ? `${site[0].toFixed(5)}, ${site[1].toFixed(5)}` : t('market.statusForm.noSite')}</span>
              <button type="button" className="link-button" data-testid="market-pick-site" onClick={onPickSite}>
                {t('market.statusForm.pickSite')}
              </button>
            </span>
          </FormField>
        )}
        <FormField label={t('market.statusForm.note')} error={at('note')}>
          <input type="text" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </FormField>
        {problem && !problem.field && (
          <p className="panel-error" role="alert" data-testid="market-status-error">
            {problem.message}
          </p>
        )}
        <div className="hazard-actions">
          <button type="submit" className="button button-small" data-testid="market-status-save" disabled={missingSite}>
            {t('market.statusForm.save')}
          </button>
          <button type="button" className="link-button" onClick={onDone}>
            {t('school.auditForm.cancel')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
