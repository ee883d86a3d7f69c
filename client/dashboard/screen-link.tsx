import { MAP_PATH, navigate, useLocationHref } from '@client/app/use-path';
import { useAuth } from '@client/auth/auth-provider';
import { useI18n } from '@client/i18n/i18n-provider';
import { DASHBOARD_READERS } from '@shared/dashboard/kpi';
import { DASHBOARD_PATH } from './dashboard-view';

/** In the header: 数据看板 from the map for those who have one, 地图 back from the dashboard. */
export function ScreenLink() {
  const { t } = useI18n();
  const { user } = useAuth();
  const href = useLocationHref();
  const onDashboard = href.startsWith(DASHBOARD_PATH);
  if (!onDashboard && !(user && (DASHBOARD_READERS as readonly string[]).includes(user.role))) return null;
  return (
    <button type="button" className="header-button" data-testid={onDashboard ? 'open-map' : 'open-dashboard'} onClick={() => navigate(onDashboard ? MAP_PATH : DASHBOARD_PATH)}>
      {t(onDashboard ? 'dashboard.map' : 'dashboard.open')}
    </button>
  );
}
