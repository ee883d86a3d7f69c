import { useI18n } from '@client/i18n/i18n-provider';
import { gradeLines } from './sight-labels';
import type { IntersectionDetail, SightSeverity } from './sight-types';

/** 分级依据: the score against the thresholds and what each factor added, so the officer sees why this corner is 严重. */
export function SightGrade({ detail, severity }: { detail: IntersectionDetail; severity: SightSeverity | null }) {
  const { t } = useI18n();
  const g = detail.grade;
  const lines = g && severity ? gradeLines(g, severity, detail.crashWindow, t) : null;
  return (
    <section className="detail-block" data-testid="sight-grade" data-score={g?.score ?? ''}>
      <h3>{t('sight.grade.heading')}</h3>
      {lines ? (
        <>
          <p className="detail-note" data-testid="sight-grade-score">{lines.score}</p>
          {/* The card's plain list style (as its obstacles'). */}
          <ul className="sight-obstacles" data-testid="sight-grade-factors">
            {lines.factors.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="detail-note">{t('sight.grade.none')}</p>
      )}
    </section>
  );
}
