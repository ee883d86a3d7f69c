import { useI18n } from '@client/i18n/i18n-provider';
import { LAYER_REGISTRY } from '@client/layers/feature-registry';
import type { LayerVisibility } from '@client/layers/feature-types';
import type { LayerId } from '@client/layers/layer-types';
import { LegendSymbol } from './legend-symbol';
import { PanelSection } from './panel-section';

interface LayerListProps {
  visibility: LayerVisibility;
  onChange(visibility: LayerVisibility): void;
  /** Layers with nothing to show (an analysis not run, a ledger not signed in to), left out of the list. */
  omit?: readonly LayerId[];
}

/** Top of the map first, as a map's legend reads. */
const TOP_FIRST = [...LAYER_REGISTRY].reverse();

export function LayerList({ visibility, onChange, omit = [] }: LayerListProps) {
  const { t } = useI18n();
  return (
    <PanelSection title={t('layers.heading')}>
      <ul className="layer-list">
        {TOP_FIRST.filter((layer) => !omit.includes(layer.id)).map((layer) => (
          <li key={layer.id} className="layer-item" data-visible={visibility[layer.id]}>
            <label className="layer-toggle">
              <input
                type="checkbox"
                data-testid={`layer-toggle-${layer.id}`}
                checked={visibility[layer.id]}
                onChange={(e) => onChange({ ...visibility, [layer.id]: e.target.checked })}
              />
              <span>{t(layer.labelKey)}</span>
            </label>
            <ul className="legend" aria-label={t(layer.labelKey)}>
              {layer.legend.map((item, i) => (
                <li key={i}>
                  <LegendSymbol symbol={item.symbol} />
                  <span>{t(item.labelKey, item.params)}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </PanelSection>
  );
}
