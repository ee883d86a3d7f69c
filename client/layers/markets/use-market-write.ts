import { useVersionedWrite } from '@client/app/use-versioned-write';
import { useI18n } from '@client/i18n/i18n-provider';
import type { MarketDetail } from './market-types';

/** A write to one market from its card (PATCH the timetable, POST a status): useVersionedWrite, reading the card and the markets again. */
export function useMarketWrite(market: MarketDetail, method: 'POST' | 'PATCH', path: string, body: () => object, onDone: () => void) {
  const { t } = useI18n();
  return useVersionedWrite({
    method, path: `/markets/${market.id}${path}`, version: market.version, body, onDone,
    refresh: [['market', market.id], ['markets']], staleMessage: t('market.status.stale'),
  });
}
