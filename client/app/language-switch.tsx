import { useI18n } from '@client/i18n/i18n-provider';

export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <button
      type="button"
      className="language-switch"
      data-testid="language-switch"
      title={t('language.switchTitle')}
      lang={locale === 'zh' ? 'en' : 'zh-CN'}
      onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}
    >
      {t('language.switch')}
    </button>
  );
}
