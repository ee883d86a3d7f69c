import { useI18n } from '@client/i18n/i18n-provider';
import type { WriteProblem } from './hazard-errors';
import { localName } from './hazard-labels';

/** A refused write: the API's message, and for a 409 what the hazard is now (the drawer has reloaded it). */
export function WriteProblemNote({ problem }: { problem: WriteProblem }) {
  const { t, locale } = useI18n();
  return (
    <div className="form-error" role="alert" data-testid="write-problem">
      <p>{problem.message}</p>
      {problem.current && (
        <p>
          {t('hazard.conflictNow', {
            status: t(`hazard.status.${problem.current.status}`),
            version: problem.current.version,
            unit: problem.current.unit ? localName(problem.current.unit, locale) : '—',
          })}
        </p>
      )}
    </div>
  );
}
