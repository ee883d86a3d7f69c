import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiRequestError, apiUrl, sendJson } from '@client/api/http';
import { useI18n } from '@client/i18n/i18n-provider';
import { writeProblem } from '../hazards/hazard-errors';
import type { MarketDetail } from './market-types';

/**
 * A write to one market from its card (PATCH the timetable, POST a status), sent with the version
 * read. Saved or refused, the card and the list are read again; a stale version is said in words,
 * any other refusal names its field (`at(field)`) or is said below the form.
 */
export function useMarketWrite(market: MarketDetail, method: 'POST' | 'PATCH', path: string, body: () => object, onDone: () => void) {
  const { t } = useI18n();
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['market', market.id] });
    void client.invalidateQueries({ queryKey: ['markets'] });
  };
  const save = useMutation({
    mutationFn: () => sendJson(method, apiUrl(`/markets/${market.id}${path}`), { version: market.version, ...body() }),
    onSuccess: () => {
      refresh();
      onDone();
    },
    onError: refresh,
  });
  const error = save.error;
  const stale = error instanceof ApiRequestError && error.status === 409 && error.details[0]?.reason === 'stale';
  const problem = !error ? null : stale ? { field: null, message: t('market.status.stale') } : writeProblem(error, t);
  return { save, problem };
}
