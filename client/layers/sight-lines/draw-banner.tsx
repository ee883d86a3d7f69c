import { useI18n } from '@client/i18n/i18n-provider';
import type { ObstacleDraw } from './use-obstacle-draw';

/** While drawing an obstacle: how many vertices so far, 撤销 the last, 完成 once it is an area, 取消. */
export function DrawBanner({ draw }: { draw: ObstacleDraw }) {
  const { t } = useI18n();
  const count = draw.draft.length;
  return (
    <div className="pick-banner" role="status" data-testid="draw-banner" data-count={count}>
      <span>{t('sight.draw.hint', { count })}</span>
      <button type="button" className="button button-small" data-testid="draw-undo" disabled={count === 0} onClick={draw.undo}>
        {t('sight.draw.undo')}
      </button>
      <button type="button" className="button button-small" data-testid="draw-finish" disabled={count < 3} onClick={draw.finish}>
        {t('sight.draw.finish')}
      </button>
      <button type="button" className="link-button" data-testid="draw-cancel" onClick={draw.stop}>
        {t('hazard.cancel')}
      </button>
    </div>
  );
}
