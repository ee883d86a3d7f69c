import type { ReactNode } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';

/** A card's title row with its close button (×). */
export function CardHeader({ title, onClose, children }: { title: ReactNode; onClose(): void; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <header className="details-header">
      <h2>{title}</h2>
      {children}
      <button type="button" className="icon-button" onClick={onClose} aria-label={t('details.close')} title={t('details.close')}>
        ×
      </button>
    </header>
  );
}
