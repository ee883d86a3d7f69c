import { lazy, Suspense, useEffect } from 'react';
import { STARTS_ON_DASHBOARD } from '@shared/dashboard/kpi';
import { useConfig } from '@client/api/queries';
import { useAuth } from '@client/auth/auth-provider';
import { DASHBOARD_PATH } from '@client/dashboard/dashboard-view';
import { useI18n } from '@client/i18n/i18n-provider';
import { warmMapWorkers } from '@client/map/map-view';
import { Header } from './header';
import { MapScreen } from './map-screen';
import { HOME_PATH, navigate, useLocationHref } from './use-path';

// Not on the first screen: the leaders' dashboard and the sign-in form come as chunks of their own
// when first shown, so that a phone opening the map does not wait for them.
const DashboardScreen = lazy(() => import('@client/dashboard/dashboard-screen').then((m) => ({ default: m.DashboardScreen })));
const SignInDialog = lazy(() => import('@client/auth/sign-in-dialog').then((m) => ({ default: m.SignInDialog })));

// A page opened anywhere but the dashboard shows the map: its workers start with the page.
if (!window.location.pathname.startsWith(DASHBOARD_PATH)) warmMapWorkers();

export function App() {
  const { t } = useI18n();
  const config = useConfig();
  const { signInOpen, user } = useAuth();
  // Two screens by path: the leaders' dashboard, and the map (everything else). At home (`/`), a
  // leader or admin starts on the dashboard, whether they open the app signed in or sign in there.
  const href = useLocationHref();
  const onDashboard = href.startsWith(DASHBOARD_PATH);
  const atHome = href === HOME_PATH;
  const startsOnDashboard = atHome && !!user && (STARTS_ON_DASHBOARD as readonly string[]).includes(user.role);
  useEffect(() => {
    if (startsOnDashboard) navigate(DASHBOARD_PATH, { replace: true });
  }, [startsOnDashboard]);
  return (
    <div className="app">
      <Header />
      <main className="app-main">
        {onDashboard ? (
          <Suspense fallback={<div className="app-status">{t('app.loading')}</div>}>
            <DashboardScreen />
          </Suspense>
        ) : startsOnDashboard || (atHome && user === undefined) ? (
          <div className="app-status">{t('app.loading')}</div>
        ) : config.isSuccess ? (
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
      {signInOpen && (
        <Suspense fallback={null}>
          <SignInDialog />
        </Suspense>
      )}
    </div>
  );
}
