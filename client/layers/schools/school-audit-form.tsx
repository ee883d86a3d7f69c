import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiUrl, sendJson } from '@client/api/http';
import { FormField } from '@client/app/form-field';
import { chinaToday } from '@shared/calendar/day-number';
import { useI18n } from '@client/i18n/i18n-provider';
import { AUDIT_ITEMS, AUDIT_RESULTS, type AuditItem, type AuditResult } from '@shared/schools/school-terms';
import { writeProblem } from '../hazards/hazard-errors';
import type { Audit } from './school-types';

type Entry = { result: AuditResult | null; note: string };

/**
 * 周边检查: the GA/T 1215 checklist, one row per item (合格 / 不合格 / 不适用, a note where it
 * failed), the day and a note; sent whole. Large buttons: it is filled in at the school gate.
 */
export function SchoolAuditForm({ schoolId, onDone }: { schoolId: number; onDone(audit: Audit): void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [doneOn, setDoneOn] = useState(chinaToday);
  const [note, setNote] = useState('');
  const [entries, setEntries] = useState<Record<AuditItem, Entry>>(
    () => Object.fromEntries(AUDIT_ITEMS.map((i) => [i, { result: null, note: '' }])) as Record<AuditItem, Entry>,
  );
  const missing = AUDIT_ITEMS.filter((i) => entries[i].result === null);
  const save = useMutation({
    mutationFn: () =>
      sendJson<{ audit: Audit }>('POST', apiUrl(`/schools/${schoolId}/audits`), {
        doneOn,
        note: note.trim() || undefined,
        items: AUDIT_ITEMS.map((item) => ({ item, result: entries[item].result, note: entries[item].note.trim() || undefined })),
      }),
    onSuccess: ({ audit }) => {
      void client.invalidateQueries({ queryKey: ['school', schoolId] });
      void client.invalidateQueries({ queryKey: ['schools'] });
      onDone(audit);
    },
  });
  const problem = save.error ? writeProblem(save.error, t) : null;
  const set = (item: AuditItem, change: Partial<Entry>) => setEntries((e) => ({ ...e, [item]: { ...e[item], ...change } }));

  return (
    <form
      className="school-audit-form"
      data-testid="school-audit-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (missing.length === 0) save.mutate();
      }}
    >
      <fieldset disabled={save.isPending}>
        <FormField label={t('school.auditForm.date')} error={problem?.field === 'doneOn' ? problem.message : null}>
          <input type="date" data-testid="school-audit-date" value={doneOn} max={chinaToday()} required onChange={(e) => setDoneOn(e.target.value)} />
        </FormField>
        {AUDIT_ITEMS.map((item) => (
          <div key={item} className="school-audit-item" data-testid={`school-audit-item-${item}`} data-result={entries[item].result ?? ''}>
            <span>{t(`school.item.${item}`)}</span>
            <div className="chips" role="group" aria-label={t(`school.item.${item}`)}>
              {AUDIT_RESULTS.map((r) => (
                <button
                  key={r}
                  type="button"
                  className="chip"
                  data-testid={`school-audit-${item}-${r}`}
                  aria-pressed={entries[item].result === r}
                  onClick={() => set(item, { result: r })}
                >
                  {t(`school.result.${r}`)}
                </button>
              ))}
            </div>
            {entries[item].result === 'fail' && (
              <input
                type="text"
                maxLength={500}
                placeholder={t('school.auditForm.failNote')}
                value={entries[item].note}
                onChange={(e) => set(item, { note: e.target.value })}
              />
            )}
          </div>
        ))}
        <FormField label={t('school.auditForm.note')}>
          <textarea rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </FormField>
        {problem && (
          <p className="panel-error" role="alert" data-testid="school-audit-error">
            {problem.field && problem.field !== 'doneOn' ? `${problem.field}: ${problem.message}` : problem.message}
          </p>
        )}
        {missing.length > 0 && <p className="panel-muted">{t('school.auditForm.missing', { count: missing.length })}</p>}
        <button type="submit" className="button button-small" data-testid="school-audit-save" disabled={missing.length > 0}>
          {save.isPending ? t('school.auditForm.saving') : t('school.auditForm.save')}
        </button>
      </fieldset>
    </form>
  );
}
