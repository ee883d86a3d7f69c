import { Busy } from '@client/app/busy';
import { useI18n } from '@client/i18n/i18n-provider';
import { pText } from './candidate-details';
import { placeText } from './market-labels';
import type { MarketCandidate, MarketCandidates } from './market-types';
import type { MarketsState } from './use-markets';

interface CandidateListProps {
  markets: MarketsState;
  selectedId: number | null;
  onSelect(candidate: MarketCandidate): void;
}

/** 疑似未登记集市: crash clusters on a five-day lunar cycle where no market is registered, most certain first. */
export function CandidateList({ markets, selectedId, onSelect }: CandidateListProps) {
  const { t, locale } = useI18n();
  const { candidates, found } = markets;
  return (
    <>
      <h4 className="section-subheading">{t('market.candidates.heading')}</h4>
      {candidates.isPending && (
        <Busy>{t('market.candidates.loading')}</Busy>
      )}
      {candidates.isError && <p className="panel-error" role="alert">{t('market.error', { message: candidates.error.message })}</p>}
      {candidates.data && <Method data={candidates.data} count={found.length} />}
      <ol className="hotspot-list" data-testid="candidate-list">
        {found.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="hotspot-row"
              data-testid="candidate-row"
              data-id={c.id}
              aria-current={c.id === selectedId ? 'true' : undefined}
              onClick={() => onSelect(c)}
            >
              <span className="hotspot-rank candidate-rank">?</span>
              <span className="hotspot-row-main">
                <span className="hotspot-row-title">
                  <span className="hotspot-place">{c.label}</span>
                </span>
                <span className="hotspot-row-stats">
                  {placeText(c, locale)} · {t('market.candidates.row', { on: c.onResidue, crashes: c.crashes, q: pText(c.q) })}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </>
  );
}

function Method({ data, count }: { data: MarketCandidates; count: number }) {
  const { t } = useI18n();
  return (
    <p className="panel-muted" data-testid="candidate-method">
      {t('market.candidates.method', { from: data.from, to: data.to, tested: data.tested, count, eps: data.params.eps, fdr: data.params.fdr })}
    </p>
  );
}
