import { useI18n } from '@client/i18n/i18n-provider';
import { EffectTable } from './effect-table';
import { useEvaluation } from './evaluation-queries';

/** 整改效果: a closed hazard's own before/after, in its card. */
export function HazardEffect({ id, number }: { id: number; number: string }) {
  const { t } = useI18n();
  const q = useEvaluation({ kind: 'hazard', id });
  return (
    <section className="detail-block" data-testid="hazard-effect">
      <h3>{t('eval.hazard.heading')}</h3>
      {q.isPending && <p className="panel-muted">{t('eval.loading')}</p>}
      {q.isError && <p className="panel-muted">{q.error.message}</p>}
      {q.data && <EffectTable evaluation={q.data} fileName={t('eval.hazard.file', { number })} />}
    </section>
  );
}
