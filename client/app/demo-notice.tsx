import { useConfig } from '@client/api/queries';
import { useI18n } from '@client/i18n/i18n-provider';

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
  if (!note) return null;
  return (
    <p className="demo-notice" data-testid="demo-notice" data-demo={demo}>
      {demo && <strong>{t('demo.badge')}</strong>} {note}
    </p>
  );
}
