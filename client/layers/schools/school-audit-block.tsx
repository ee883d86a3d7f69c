import { useState } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import { SchoolAuditForm } from './school-audit-form';
import { SchoolAuditHazards } from './school-audit-hazards';
import type { Audit, SchoolDetail } from './school-types';

/** For who may write at the school: start an audit, and turn the latest audit's failed items into hazards. */
export function SchoolAuditBlock({ school }: { school: SchoolDetail }) {
  const { t } = useI18n();
  const [auditing, setAuditing] = useState(false);
  // The audit just saved here, as its answer gave it: its failed items are offered at once, not the
  // previous audit's while the card reads the school again (a tap then would have registered the
  // wrong audit's items, or landed on a block being replaced), nor another one's when it was dated
  // earlier than the latest.
  const [saved, setSaved] = useState<Audit | null>(null);
  const latest = saved ? (school.audits.find((a) => a.id === saved.id) ?? saved) : school.audits[0];
  return (
    <>
      {latest && !auditing && <SchoolAuditHazards key={latest.id} audit={latest} />}
      {auditing ? (
        <section className="detail-block">
          <h3>{t('school.auditForm.heading')}</h3>
          <SchoolAuditForm
            schoolId={school.id}
            onDone={(audit) => {
              setSaved(audit);
              setAuditing(false);
            }}
          />
          <button type="button" className="link-button" onClick={() => setAuditing(false)}>
            {t('school.auditForm.cancel')}
          </button>
        </section>
      ) : (
        <div className="hazard-actions">
          <button type="button" className="button button-small" data-testid="school-audit-start" onClick={() => setAuditing(true)}>
            {t('school.auditForm.start')}
          </button>
        </div>
      )}
    </>
  );
}
