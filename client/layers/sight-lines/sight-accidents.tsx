import { useI18n } from '@client/i18n/i18n-provider';
import { accidentLine } from './sight-labels';
import type { IntersectionDetail } from './sight-types';

/** The crashes the grade counts: within the radius of the intersection in the window, newest first. */
export function SightAccidents({ detail }: { detail: IntersectionDetail }) {
  const { t } = useI18n();
  const w = detail.crashWindow;
  return (
    <section className="detail-block" data-testid="sight-accidents" data-count={detail.accidents.length}>
      <h3>{t('sight.accidents', { radius: w.radius, years: w.years })}</h3>
      {w.from && w.to && <p className="detail-note">{t('sight.accidents.window', { from: w.from, to: w.to })}</p>}
      {detail.accidents.length ? (
        <ul className="sight-obstacles">
          {detail.accidents.map((a) => (
            <li key={a.id} data-testid="sight-accident" data-severity={a.severity} title={a.externalId}>
              {accidentLine(a, t)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="detail-note">{t('sight.accidents.empty')}</p>
      )}
    </section>
  );
}
