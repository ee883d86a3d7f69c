import { useState } from 'react';
import type * as maplibregl from 'maplibre-gl';
import { chinaToday } from '@shared/calendar/day-number';
import { useI18n } from '@client/i18n/i18n-provider';
import { LAYER_REGISTRY } from '@client/layers/feature-registry';
import type { LayerVisibility } from '@client/layers/feature-types';
import type { LayerId } from '@client/layers/layer-types';
import { mapImage } from './map-image';

/** 保存地图: the map as it is, with its legend (the layers on), scale and north, downloaded as a PNG. */
export function SaveMapButton({ map, visibility, omit }: { map: maplibregl.Map | null; visibility: LayerVisibility; omit: readonly LayerId[] }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    if (!map) return;
    setBusy(true);
    setError(null);
    try {
      const day = chinaToday();
      const legend = [...LAYER_REGISTRY]
        .reverse()
        .filter((l) => visibility[l.id] && !omit.includes(l.id) && l.legend.length)
        .map((l) => ({ heading: t(l.labelKey), items: l.legend.map((i) => ({ label: t(i.labelKey, i.params), symbol: i.symbol })) }));
      const attribution = map.getContainer().querySelector('.maplibregl-ctrl-attrib-inner')?.textContent ?? '';
      const blob = await mapImage(map, { title: t('mapImage.title', { day }), legend, attribution, scaleUnit: { m: t('mapImage.m'), km: t('mapImage.km') } });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${t('mapImage.file')}-${day}.png`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="save-map">
      <button type="button" className="map-button" data-testid="save-map" disabled={!map || busy} onClick={save} title={t('mapImage.hint')}>
        {busy ? t('mapImage.saving') : t('mapImage.save')}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
