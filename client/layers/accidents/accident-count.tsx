import { useI18n } from '@client/i18n/i18n-provider';

export function AccidentCount({ shown, total }: { shown: number; total: number }) {
  const { t } = useI18n();
  return (
    <p className="accident-count" data-testid="accident-count" data-count={shown} role="status">
      {t('filter.count', { shown, total })}
    </p>
  );
}
