import { useSyncExternalStore } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';

const subscribe = (changed: () => void) => {
  window.addEventListener('online', changed);
  window.addEventListener('offline', changed);
  return () => {
    window.removeEventListener('online', changed);
    window.removeEventListener('offline', changed);
  };
};

/** Whether the browser says it has a network. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, () => navigator.onLine);
}

/** In the header while there is no network: what the map shows is what this phone kept. */
export function OfflineBadge() {
  const { t } = useI18n();
  if (useOnline()) return null;
  return (
    <span className="offline-badge" data-testid="offline-badge" role="status" title={t('offline.title')}>
      {t('offline.badge')}
    </span>
  );
}
