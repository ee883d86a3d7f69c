import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { SessionUser } from '@client/api/api-client';
import { CardHeader } from '@client/app/card-header';
import { useEscape } from '@client/app/use-escape';
import { mayActAt } from '@client/auth/may-act';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Locale, Translate } from '@client/i18n/locale';
import { cssColor } from '../accidents/severity';
import { marketColor, marketRisk } from './market-colors';
import { dayText, placeText, ratioText, ratioWithInterval, whenText } from './market-labels';
import type { MarketAnalysisRow, MarketDayCounts, MarketDetail } from './market-types';

interface MarketDetailsProps {
  id: number;
  detail: UseQueryResult<MarketDetail>;
  user: SessionUser | null;
  onClose(): void;
  /** 登记为隐患 (officers and admins at the market's place). */
  onRegister(detail: MarketDetail): void;
  /** A place is being picked on the map for this card (on a phone the card steps aside). */
  picking?: boolean;
  /** Writes for who may make them here (status). */
  children?(detail: MarketDetail): ReactNode;
}

function facts(d: MarketDetail, t: Translate, locale: Locale): [string, string][] {
  const rows: [string, string | null][] = [
    [t('market.field.place'), placeText(d, locale)],
    [t('market.field.when'), whenText(d, locale)],
    [t('market.field.roads'), d.roads.length ? d.roads.map((r) => r.name).join(t('market.listSeparator')) : null],
    [t('market.field.status'), d.statusOn ? t('market.statusSince', { status: t(`market.status.${d.status}`), date: d.statusOn }) : t(`market.status.${d.status}`)],
    [t('market.field.relocatedTo'), d.relocatedTo ? `${d.relocatedTo[0].toFixed(5)}, ${d.relocatedTo[1].toFixed(5)}` : null],
    [t('market.field.source'), d.source],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== null);
}

/** Market days against the same hours on other days, side by side, with the ratio in words. */
function AnalysisTable({ row }: { row: MarketAnalysisRow }) {
  const { t } = useI18n();
  const line = (name: string, c: MarketDayCounts, testId: string) => (
    <tr data-testid={testId}>
      <th scope="row">{name}</th>
      <td>{c.days}</td>
      <td>{c.crashes}</td>
      <td>{c.deaths}</td>
      <td>{c.injuries}</td>
      <td>{ratioText(c.perDay)}</td>
      <td>{c.epdo}</td>
    </tr>
  );
  return (
    <>
      <table className="market-analysis">
        <thead>
          <tr>
            <th />
            <th scope="col">{t('market.table.days')}</th>
            <th scope="col">{t('market.table.crashes')}</th>
            <th scope="col">{t('market.table.deaths')}</th>
            <th scope="col">{t('market.table.injuries')}</th>
            <th scope="col">{t('market.table.perDay')}</th>
            <th scope="col">EPDO</th>
          </tr>
        </thead>
        <tbody>
          {line(t('market.table.marketDays'), row.marketDays, 'market-analysis-market')}
          {line(t('market.table.otherDays'), row.otherDays, 'market-analysis-other')}
        </tbody>
      </table>
      <p className="market-ratio" data-testid="market-ratio" data-risk={marketRisk(row)}>
        {row.ci ? t('market.ratio.sentence', { ratio: ratioWithInterval(row, t) }) : t('market.ratio.none')}
      </p>
    </>
  );
}

/** One market: where and when it meets, its next market days, and what its market days do to its crashes. */
export function MarketDetails({ id, detail, user, onClose, onRegister, picking = false, children }: MarketDetailsProps) {
  const { t, locale } = useI18n();
  useEscape(onClose);
  const d = detail.data?.id === id ? detail.data : undefined;
  const risk = marketRisk(d?.analysis ?? undefined);
  const mayRegister = !!d && mayActAt(user, { county: d.county.code, township: d.township?.code });
  return (
    <aside className="details market-details" data-testid="market-details" data-id={id} data-picking={picking} aria-label={t('market.details')}>
      <CardHeader title={d ? d.name : t('market.details')} onClose={onClose} />
      {detail.isPending && <p className="panel-muted">{t('details.loading')}</p>}
      {detail.isError && (
        <p className="panel-error" role="alert">
          {t('details.error', { message: detail.error.message })}
        </p>
      )}
      {d && (
        <>
          <p className="hazard-tags">
            <span className="severity-tag" style={{ background: cssColor(marketColor(d.status, risk)) }}>
              {d.status === 'active' ? t(`market.risk.${risk}`) : t(`market.status.${d.status}`)}
            </span>
            {d.meetsToday && <span className="market-meets">{t('market.meetsToday')}</span>}
            {d.trunk && <span className="market-trunk">{t('market.trunk')}</span>}
            {d.synthetic && (
              <span className="synthetic-tag" title={t('market.syntheticTitle')}>
                {t('market.synthetic')}
              </span>
            )}
          </p>
          <dl className="details-list">
            {facts(d, t, locale).map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <section className="detail-block">
            <h3>{t('market.nextDays')}</h3>
            {d.nextDays.length ? (
              <ol className="market-next-days" data-testid="market-next-days">
                {d.nextDays.map((n) => (
                  <li key={n.date}>{dayText(n, locale)}</li>
                ))}
              </ol>
            ) : (
              <p className="detail-note">{t('market.noNextDays')}</p>
            )}
          </section>
          <section className="detail-block">
            <h3>{t('market.analysis')}</h3>
            {d.analysis ? <AnalysisTable row={d.analysis} /> : <p className="detail-note">{t('market.noAnalysis')}</p>}
          </section>
          {mayRegister && (
            <>
              {children?.(d)}
              <div className="hazard-actions">
                <button type="button" className="button button-small" data-testid="market-register" onClick={() => onRegister(d)}>
                  {t('market.register')}
                </button>
              </div>
            </>
          )}
        </>
      )}
    </aside>
  );
}
