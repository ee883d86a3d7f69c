import { useI18n } from '@client/i18n/i18n-provider';
import type { BasemapKind } from '@client/layers/base/basemaps';
import { PanelSection } from './panel-section';

interface BasemapPickerProps {
  kinds: readonly BasemapKind[];
  value: BasemapKind;
  onChange(kind: BasemapKind): void;
}

export function BasemapPicker({ kinds, value, onChange }: BasemapPickerProps) {
  const { t } = useI18n();
  return (
    <PanelSection title={t('basemap.heading')}>
      <div className="basemap-picker" role="radiogroup" aria-label={t('basemap.heading')}>
        {kinds.map((kind) => (
          <label key={kind} className="radio">
            <input type="radio" name="basemap" value={kind} checked={value === kind} onChange={() => onChange(kind)} />
            <span>{t(`basemap.${kind}`)}</span>
          </label>
        ))}
      </div>
    </PanelSection>
  );
}
