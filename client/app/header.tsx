import { UserMenu } from '@client/auth/user-menu';
import { ScreenLink } from '@client/dashboard/screen-link';
import { useI18n } from '@client/i18n/i18n-provider';
import { setDemoNoticeFolded, useDemoNoticeFolded, useDemoState } from './demo-notice';
import { LanguageSwitch } from './language-switch';
import { OfflineBadge } from './offline-badge';

export function Header() {
  const { t } = useI18n();
  const { demo, note } = useDemoState();
  const folded = useDemoNoticeFolded(note);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          安
        </span>
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-subtitle">{t('app.subtitle')}</span>
      </div>
      {demo &&
        (folded ? (
          // The notice folded away: the badge brings it back.
          <button type="button" className="demo-badge" data-testid="demo-badge" title={`${note ?? ''} ${t('demo.unfold')}`} onClick={() => setDemoNoticeFolded(null)}>
            {t('demo.badge')}
          </button>
        ) : (
          <span className="demo-badge" data-testid="demo-badge" title={note ?? undefined}>
            {t('demo.badge')}
          </span>
        ))}
      <OfflineBadge />
      <ScreenLink />
      <UserMenu />
      <LanguageSwitch />
    </header>
  );
}
