import { useSyncExternalStore } from 'react';

/*
 * The deepest zoom the map has reached since the page opened, for data that is worth fetching only
 * once the user goes near enough to see it (the minor roads). Sticky: zooming out again keeps what
 * was fetched.
 */
let reached = 0;
const listeners = new Set<() => void>();

/** Called by the map view as the camera settles. */
export function noteZoom(zoom: number): void {
  if (!(zoom > reached)) return;
  reached = zoom;
  for (const l of listeners) l();
}

/** Whether the map has been at `zoom` or deeper; a component re-renders only when this turns true. */
export function useZoomReached(zoom: number): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => reached >= zoom,
  );
}
