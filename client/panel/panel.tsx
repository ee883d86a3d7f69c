import type { ReactNode } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';

interface PanelProps {
  /** Only matters on a phone, where the panel is a drawer; on a desk it is always shown. */
  open: boolean;
  onOpenChange(open: boolean): void;
  children: ReactNode;
}

export function Panel({ open, onOpenChange, children }: PanelProps) {
  const { t } = useI18n();
  return (
    <>
      <button
        type="button"
        className="panel-toggle"
        aria-expanded={open}
        aria-controls="layer-panel"
        onClick={() => onOpenChange(!open)}
      >
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M8 1 15 5 8 9 1 5Z M1 8l7 4 7-4 M1 11l7 4 7-4" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
        </svg>
        {t('panel.open')}
      </button>
      <aside id="layer-panel" className="panel" data-open={open} aria-label={t('panel.title')} data-testid="panel">
        <div className="panel-header">
          <h2>{t('panel.title')}</h2>
          <button type="button" className="panel-close" onClick={() => onOpenChange(false)}>
            {t('panel.close')}
          </button>
        </div>
        <div className="panel-body">{children}</div>
      </aside>
    </>
  );
}
