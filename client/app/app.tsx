import { useConfig } from '@client/api/queries';
import { useAuth } from '@client/auth/auth-provider';
import { SignInDialog } from '@client/auth/sign-in-dialog';
import { useI18n } from '@client/i18n/i18n-provider';
import { Header } from './header';
import { MapScreen } from './map-screen';

export function App() {
  const { t } = useI18n();
  const config = useConfig();
  const { signInOpen } = useAuth();
  return (
    <div className="app">
      <Header />
      <main className="app-main">
        {config.isSuccess ? (
          <MapScreen config={config.data} />
        ) : config.isError ? (
          <div className="app-status" role="alert">
            <p>{t('app.configError', { message: config.error.message })}</p>
            <button type="button" className="button" onClick={() => config.refetch()}>
              {t('app.retry')}
            </button>
          </div>
        ) : (
          <div className="app-status">{t('app.loading')}</div>
        )}
      </main>
      {signInOpen && <SignInDialog />}
    </div>
  );
}
