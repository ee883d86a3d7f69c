import { useMemo } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import { apiUrl } from '@client/api/http';
import type { AppConfig } from '@client/api/types';
import type { Locale, Translate } from '@client/i18n/locale';
import type { AccidentRenderData } from '@client/layers/accidents/accident-render-data';
import type { Severity } from '@client/layers/accidents/severity';
import type { BasemapKind } from '@client/layers/base/basemaps';
import type { HazardLayerInput } from '@client/layers/hazards/hazard-layer-input';
import type { HotspotLayerInput } from '@client/layers/hotspots/hotspot-layer-input';
import { LAYER_REGISTRY, type LayerVisibility } from '@client/layers/layer-registry';
import type { SightLayerInput } from '@client/layers/sight-lines/sight-layer-input';
import type { LayerBuildContext, LayerId } from '@client/layers/layer-types';
import { composeDeckLayers, composeStyle, type ComposeInput } from './compose-map';

export interface MapLayersInput {
  visibility: LayerVisibility;
  basemap: BasemapKind;
  basemapConfig: AppConfig['basemap'];
  remoteStyle: StyleSpecification | null;
  locale: Locale;
  t: Translate;
  accidents: AccidentRenderData | null;
  accidentFilter: { fromDay: number; toDay: number; severities: readonly Severity[] };
  selectedAccidentId: number | null;
  onAccidentClick(id: number): void;
  hotspots: HotspotLayerInput | null;
  hazards: HazardLayerInput | null;
  sightLines: SightLayerInput | null;
}

const HOTSPOT_LAYER: Record<HotspotLayerInput['result']['method'], LayerId> = {
  clusters: 'hotspot-clusters',
  segments: 'hotspot-segments',
  grid: 'hotspot-grid',
};

/**
 * The MapLibre style and the deck.gl layers for the current state, each rebuilt only when what it
 * depends on changes. The style never depends on the accident filter, so filtering (on the GPU)
 * never touches MapLibre.
 */
export function useMapLayers(input: MapLayersInput): { style: StyleSpecification; deckLayers: ReturnType<typeof composeDeckLayers> } {
  const { visibility, basemap, basemapConfig, remoteStyle, locale, t } = input;
  const { accidents, accidentFilter, selectedAccidentId, onAccidentClick, hotspots, hazards, sightLines } = input;

  const base = useMemo(
    (): Omit<ComposeInput, 'contextFor'> => ({
      registry: LAYER_REGISTRY,
      basemap,
      basemapConfig,
      remoteStyle,
      apiUrl,
      attribution: { own: t('map.attribution.own'), tianditu: t('map.attribution.tianditu') },
    }),
    [basemap, basemapConfig, remoteStyle, t],
  );

  const style = useMemo(() => {
    const shared: Omit<LayerBuildContext, 'visible'> = {
      locale,
      basemap,
      accidents: null,
      accidentFilter: { fromDay: 0, toDay: 0, severities: [] },
      selectedAccidentId: null,
      onAccidentClick,
      hotspots: null,
      accidentsFaded: false,
      hazards: null,
      sightLines: null,
    };
    return composeStyle({ ...base, contextFor: (def) => ({ ...shared, visible: visibility[def.id] }) });
  }, [base, locale, basemap, visibility, onAccidentClick]);

  const deckLayers = useMemo(() => {
    const accidentsFaded = hotspots !== null && visibility[HOTSPOT_LAYER[hotspots.result.method]];
    const shared: Omit<LayerBuildContext, 'visible'> = {
      locale,
      basemap,
      accidents,
      accidentFilter,
      selectedAccidentId,
      onAccidentClick,
      hotspots,
      accidentsFaded,
      hazards,
      sightLines,
    };
    return composeDeckLayers({ ...base, contextFor: (def) => ({ ...shared, visible: visibility[def.id] }) });
  }, [base, locale, basemap, visibility, accidents, accidentFilter, selectedAccidentId, onAccidentClick, hotspots, hazards, sightLines]);

  return { style, deckLayers };
}
