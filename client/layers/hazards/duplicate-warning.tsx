import { useI18n } from '@client/i18n/i18n-provider';
import type { DuplicateHazard } from './hazard-types';

interface DuplicateWarningProps {
  duplicates: readonly DuplicateHazard[];
  saving: boolean;
  onSaveAnyway(): void;
  onOpen(hazard: DuplicateHazard): void;
}

/** Open hazards of the same type within 30 m: open one of them, or save the new one anyway. */
export function DuplicateWarning({ duplicates, saving, onSaveAnyway, onOpen }: DuplicateWarningProps) {
  const { t } = useI18n();
  return (
    <div className="duplicate-warning" role="alert" data-testid="duplicate-warning">
      <p>{t('register.duplicates')}</p>
      <ul>
        {duplicates.map((d) => (
          <li key={d.id}>
            <span>{t('register.duplicateRow', { number: d.number, distance: d.distance, status: t(`hazard.status.${d.status}`) })}</span>
            <button type="button" className="link-button" data-testid="duplicate-open" onClick={() => onOpen(d)}>
              {t('register.openExisting')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="button button-small" data-testid="register-save-anyway" disabled={saving} onClick={onSaveAnyway}>
        {t('register.saveAnyway')}
      </button>
    </div>
  );
}
