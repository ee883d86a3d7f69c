import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { AuthProvider } from './auth/auth-provider';
import './app/app.css';
import { I18nProvider } from './i18n/i18n-provider';
import { registerServiceWorker } from './sw/register';

const queryClient = new QueryClient({
  // offlineFirst: a read is tried even when the browser says it is offline, so the service worker
  // can answer it from what it kept (the default would wait for the network, showing nothing).
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, networkMode: 'offlineFirst' } },
});
registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AuthProvider>
          <App />
        </AuthProvider>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
