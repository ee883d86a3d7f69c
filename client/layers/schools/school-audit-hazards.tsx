import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiUrl, sendJson } from '@client/api/http';
import { useI18n } from '@client/i18n/i18n-provider';
import type { AuditItem } from '@shared/schools/school-terms';
import { writeProblem } from '../hazards/hazard-errors';
import { useRefreshLedger } from '../hazards/hazard-queries';
import type { Audit } from './school-types';

/**
 * The failed items of an audit not yet in the ledger, to tick and register as hazards of type
 * 校园周边 in one step (one hazard per item, at the school's gate, by the ledger's own rules).
 */
export function SchoolAuditHazards({ audit }: { audit: Audit }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const refreshLedger = useRefreshLedger();
  const registered = new Set(audit.hazards.map((h) => h.item));
  const open = audit.items.filter((i) => i.result === 'fail' && !registered.has(i.item)).map((i) => i.item);
  const [chosen, setChosen] = useState<ReadonlySet<AuditItem>>(() => new Set(open));
  const register = useMutation({
    mutationFn: ({ items, confirmNotDuplicate }: { items: AuditItem[]; confirmNotDuplicate: boolean }) =>
      sendJson<unknown>('POST', apiUrl(`/schools/audits/${audit.id}/hazards`), { items, confirmNotDuplicate }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['school', audit.schoolId] });
      void client.invalidateQueries({ queryKey: ['schools'] });
      void refreshLedger();
    },
  });
  if (open.length === 0) return null;
  const items = open.filter((i) => chosen.has(i));
  const problem = register.error ? writeProblem(register.error, t) : null;
  // An open hazard of the same type near the gate: shown, and registered anyway only when the officer says so.
  const duplicates = problem?.duplicates ?? null;
  return (
    <section className="detail-block" data-testid="school-audit-hazards" data-audit={audit.id}>
      <h3>{t('school.toHazards.heading')}</h3>
      <ul className="school-lines school-fail-items">
        {open.map((item) => (
          <li key={item}>
            <label className="check">
              <input
                type="checkbox"
                data-testid={`school-fail-${item}`}
                checked={chosen.has(item)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(item);
                  else next.delete(item);
                  setChosen(next);
                }}
              />
              <span>{t(`school.item.${item}`)}</span>
            </label>
          </li>
        ))}
      </ul>
      {duplicates ? (
        <div className="panel-error" role="alert" data-testid="school-hazard-duplicates">
          {t('school.toHazards.duplicates', { numbers: duplicates.map((d) => `${d.number}（${d.distance} m）`).join('、') })}
          <button type="button" className="link-button" data-testid="school-hazard-anyway" onClick={() => register.mutate({ items, confirmNotDuplicate: true })}>
            {t('school.toHazards.anyway')}
          </button>
        </div>
      ) : (
        problem && (
          <p className="panel-error" role="alert">
            {problem.message}
          </p>
        )
      )}
      <button
        type="button"
        className="button button-small"
        data-testid="school-to-hazards"
        disabled={items.length === 0 || register.isPending}
        onClick={() => register.mutate({ items, confirmNotDuplicate: false })}
      >
        {t('school.toHazards.button', { count: items.length })}
      </button>
    </section>
  );
}
