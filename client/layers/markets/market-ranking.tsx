import { useState } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import { cssColor } from '../accidents/severity';
import { RISK_COLOR, marketRisk } from './market-colors';
import { placeText, ratioText, ratioWithInterval } from './market-labels';
import type { MarketAnalysisRow, MarketStatus } from './market-types';

const FIRST_ROWS = 15;

interface MarketRankingProps {
  rows: readonly MarketAnalysisRow[];
  /** A newer buffer is computing: the older answer stays, dimmed. */
  dimmed: boolean;
  selectedId: number | null;
  onSelect(id: number): void;
  /** Each market's status now: a closed or moved one says so. */
  statusOf: ReadonlyMap<number, MarketStatus>;
}

/** Markets by how much more they crash on market days, worst first: the ratio with its interval, and both rates. */
export function MarketRanking({ rows, dimmed, selectedId, onSelect, statusOf }: MarketRankingProps) {
  const { t, locale } = useI18n();
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  return (
    <>
      <ol className="hotspot-list" data-testid="market-ranking" data-dimmed={dimmed}>
        {shown.map((r, i) => {
          const risk = marketRisk(r);
          return (
            <li key={r.id}>
              <button
                type="button"
                className="hotspot-row"
                data-testid="market-row"
                data-id={r.id}
                data-risk={risk}
                aria-current={r.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(r.id)}
              >
                <span className="hotspot-rank" style={{ background: cssColor(RISK_COLOR[risk]) }} title={t(`market.risk.${risk}`)}>
                  {i + 1}
                </span>
                <span className="hotspot-row-main">
                  <span className="hotspot-row-title">
                    <span className="hotspot-place">{r.name}</span>
                    {r.trunk && <span className="market-trunk">{t('market.trunk')}</span>}
                    {(statusOf.get(r.id) === 'closed' || statusOf.get(r.id) === 'relocated') && (
                      <span className="market-gone" data-testid="market-row-status">
                        {t(`market.status.${statusOf.get(r.id)!}`)}
                      </span>
                    )}
                  </span>
                  <span className="hotspot-row-stats">
                    {placeText(r, locale)} · {t('market.row.ratio', { ratio: ratioWithInterval(r, t) })}
                  </span>
                  <span className="hotspot-row-stats">
                    {t('market.row.rates', {
                      market: ratioText(r.marketDays.perDay),
                      other: ratioText(r.otherDays.perDay),
                      crashes: r.marketDays.crashes,
                      days: r.marketDays.days,
                    })}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      {rows.length > FIRST_ROWS && (
        <button type="button" className="link-button" onClick={() => setAll(!all)}>
          {all ? t('market.list.fewer') : t('market.list.all', { count: rows.length })}
        </button>
      )}
    </>
  );
}
