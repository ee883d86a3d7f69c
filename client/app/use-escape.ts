import { useEffect, useRef } from 'react';

/** Whoever asked last (the topmost card or dialog) is the one Escape closes. */
const handlers: { current: () => void }[] = [];

function onKey(e: KeyboardEvent) {
  if (e.key === 'Escape') handlers.at(-1)?.current();
}

/**
 * Calls `onEscape` when the Escape key is pressed anywhere on the page, unless something opened
 * later (a dialog over a card) also listens: then only that one closes. Registered once per
 * mount, so a re-render during the key's dispatch cannot drop it.
 */
export function useEscape(onEscape: () => void): void {
  const latest = useRef(onEscape);
  latest.current = onEscape;
  useEffect(() => {
    const handler = { current: () => latest.current() };
    if (!handlers.length) window.addEventListener('keydown', onKey);
    handlers.push(handler);
    return () => {
      handlers.splice(handlers.indexOf(handler), 1);
      if (!handlers.length) window.removeEventListener('keydown', onKey);
    };
  }, []);
}
