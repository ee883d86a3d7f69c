import { useSyncExternalStore } from 'react';
import { useConfig } from '@client/api/queries';
import { useI18n } from '@client/i18n/i18n-provider';

/**
 * Whether the user folded the notice away, per browser: the note's text it was folded at, so a
 * changed note (real accidents imported, township areas drawn) shows again. The header's badge
 * stays, and opens it again.
 */
const FOLD_KEY = 'changan.demoNoticeFolded';
const listeners = new Set<() => void>();
const foldedAt = () => {
  try {
    return window.localStorage.getItem(FOLD_KEY);
  } catch {
    return null;
  }
};
export function setDemoNoticeFolded(note: string | null) {
  try {
    if (note === null) window.localStorage.removeItem(FOLD_KEY);
    else window.localStorage.setItem(FOLD_KEY, note);
  } catch {
    // Private mode without storage: folded for this page only is not worth more.
  }
  for (const l of listeners) l();
}
export function useDemoNoticeFolded(note: string | null): boolean {
  const folded = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    foldedAt,
  );
  return note !== null && folded === note;
}

/**
 * What of the data is not real, as the server says (GET /api/config `data`): the demo world
 * (generated roads and what stands on them), synthetic accidents, approximate township areas.
 * `demo`: whether any demo record is there (the header's badge); `note`: the sentence, or null.
 */
export function useDemoState(): { demo: boolean; note: string | null } {
  const { t } = useI18n();
  const data = useConfig().data?.data;
  // Until the config is in, say what a first start has: the demo.
  const { accidentsSynthetic = true, roadsSynthetic = true, townshipAreasApproximate = true } = data ?? {};
  const parts = [
    roadsSynthetic ? t('demo.note.world') : accidentsSynthetic ? t('demo.note.accidents') : null,
    townshipAreasApproximate ? t('demo.note.townships') : null,
  ].filter((p): p is string => p !== null);
  return { demo: roadsSynthetic || accidentsSynthetic, note: parts.length ? parts.join('') : null };
}

/** On screen while anything shown is not real: the demo badge and what is synthetic or approximate. */
export function DemoNotice() {
  const { t } = useI18n();
  const { demo, note } = useDemoState();
  const folded = useDemoNoticeFolded(note);
  if (!note || folded) return null;
  return (
    <p className="demo-notice" data-testid="demo-notice" data-demo={demo}>
      {demo && <strong>{t('demo.badge')}</strong>} {note}
      <button type="button" className="demo-fold" data-testid="demo-fold" aria-label={t('demo.fold')} title={t('demo.fold')} onClick={() => setDemoNoticeFolded(note)}>
        ×
      </button>
    </p>
  );
}
