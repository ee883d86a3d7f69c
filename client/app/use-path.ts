import { useSyncExternalStore } from 'react';

/** The map's own path; `/` opens the screen the reader starts on (a leader's or admin's is the dashboard). */
export const MAP_PATH = '/map';
export const HOME_PATH = '/';

/**
 * The app's screens by URL path (`/map` the map, `/dashboard` the leaders' page, `/` either) and their state in
 * the query string, so every view is a link a colleague can open. No router: two screens and the
 * History API are enough; `navigate` pushes a new entry, the back button goes back.
 */
const NAVIGATE = 'changan:navigate';

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

/** The current path and query string, e.g. `/dashboard?period=month&at=2024-02`. */
export function useLocationHref(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname + window.location.search);
}

/** Goes to `href` (a path with its query string) as a new history entry, or in place with `replace`. */
export function navigate(href: string, opts: { replace?: boolean } = {}) {
  if (href === window.location.pathname + window.location.search) return;
  if (opts.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(NAVIGATE));
}
