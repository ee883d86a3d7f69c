import { useI18n } from '@client/i18n/i18n-provider';

/** Always on screen: the accidents and streets are generated, township areas are derived. */
export function DemoNotice() {
  const { t } = useI18n();
  return (
    <p className="demo-notice" data-testid="demo-notice">
      <strong>{t('demo.badge')}</strong> {t('demo.note')}
    </p>
  );
}
