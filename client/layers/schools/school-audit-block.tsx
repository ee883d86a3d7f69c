import { useState } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import { SchoolAuditForm } from './school-audit-form';
import { SchoolAuditHazards } from './school-audit-hazards';
import type { SchoolDetail } from './school-types';

/** For who may write at the school: start an audit, and turn the latest audit's failed items into hazards. */
export function SchoolAuditBlock({ school }: { school: SchoolDetail }) {
  const { t } = useI18n();
  const [auditing, setAuditing] = useState(false);
  const latest = school.audits[0];
  return (
    <>
      {latest && !auditing && <SchoolAuditHazards key={latest.id} audit={latest} />}
      {auditing ? (
        <section className="detail-block">
          <h3>{t('school.auditForm.heading')}</h3>
          <SchoolAuditForm schoolId={school.id} onDone={() => setAuditing(false)} />
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
