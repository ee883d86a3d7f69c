import type { ReactNode } from 'react';
import { CardHeader } from '@client/app/card-header';
import { useEscape } from '@client/app/use-escape';
import { useI18n } from '@client/i18n/i18n-provider';
import { placeText, ratioWithInterval } from './market-labels';
import { scheduleName } from './market-schedule';
import type { MarketCandidate } from './market-types';

/** 逢一、六 … 逢五、十 in the order of lunar day mod 5: residue 1 first, 0 (五、十) last. */
const RESIDUES = [1, 2, 3, 4, 0];

/** p and q values as people read them: 3.4 × 10⁻⁹, 0.0014. */
export function pText(p: number): string {
  if (p >= 0.001) return p.toFixed(p >= 0.01 ? 2 : 4);
  const exp = Math.floor(Math.log10(p));
  const sup = String(exp).replace(/-/g, '⁻').replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]);
  return `${(p / 10 ** exp).toFixed(1)} × 10${sup}`;
}

/**
 * The evidence the cycle finder saw: crashes by the lunar day's residue against what the days of
 * the window would give with no cycle, as bars, with the tested one marked.
 */
function ResidueBars({ c }: { c: MarketCandidate }) {
  const { t, locale } = useI18n();
  const days = c.evidence.daysByResidue;
  const allDays = days.reduce((a, b) => a + b, 0);
  const max = Math.max(...c.evidence.byResidue, 1);
  return (
    <ul className="candidate-bars" data-testid="candidate-bars">
      {RESIDUES.map((r) => {
        const n = c.evidence.byResidue[r];
        const expected = (c.crashes * days[r]) / allDays;
        const digits = r === 0 ? [5, 10] : [r, r + 5];
        return (
          <li key={r} data-residue={r} data-crashes={n} data-found={r === c.residue}>
            <span className="candidate-bar-label">{scheduleName('lunar', digits.flatMap((d) => [d, d + 10, d + 20]).filter((d) => d <= 30), locale)}</span>
            <span className="candidate-bar-track">
              <span className="candidate-bar" style={{ width: `${(n / max) * 100}%` }} />
              <span className="candidate-bar-expected" style={{ left: `${Math.min(100, (expected / max) * 100)}%` }} title={t('market.candidate.expected', { n: expected.toFixed(1) })} />
            </span>
            <span className="candidate-bar-n">{n}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** A suspected market: where, when it seems to meet, the evidence, and (for who may write here) what to do about it. */
export function CandidateDetails({ candidate: c, onClose, children }: { candidate: MarketCandidate; onClose(): void; children?: ReactNode }) {
  const { t, locale } = useI18n();
  useEscape(onClose);
  return (
    <aside className="details market-details" data-testid="candidate-details" data-id={c.id} aria-label={t('market.candidate.details')}>
      <CardHeader title={t('market.candidate.title', { label: c.label })} onClose={onClose} />
      <dl className="details-list">
        <div>
          <dt>{t('market.field.place')}</dt>
          <dd>{placeText(c, locale)}</dd>
        </div>
        {c.roads.length > 0 && (
          <div>
            <dt>{t('market.field.roads')}</dt>
            <dd>{c.roads.map((r) => r.name).join(t('market.listSeparator'))}</dd>
          </div>
        )}
        {c.hours && (
          <div>
            <dt>{t('market.candidate.hours')}</dt>
            <dd>{`${c.hours.from}–${c.hours.to}`}</dd>
          </div>
        )}
        {c.nearMarket && (
          <div>
            <dt>{t('market.candidate.near')}</dt>
            <dd data-testid="candidate-near">
              {t('market.candidate.nearText', { name: c.nearMarket.name, distance: Math.round(c.nearMarket.distance) })}
              {c.nearMarket.sameDays && <> {t('market.candidate.sameDays')}</>}
            </dd>
          </div>
        )}
      </dl>
      <section className="detail-block">
        <h3>{t('market.candidate.evidence')}</h3>
        <p className="market-ratio" data-testid="candidate-summary">
          {t('market.candidate.summary', {
            crashes: c.crashes,
            on: c.onResidue,
            schedule: scheduleName('lunar', c.schedule.days, locale),
            share: Math.round(c.expectedShare * 100),
            ratio: ratioWithInterval(c, t),
          })}
        </p>
        <ResidueBars c={c} />
        <p className="detail-note">{t('market.candidate.test', { p: pText(c.p), q: pText(c.q) })}</p>
      </section>
      {children}
    </aside>
  );
}
