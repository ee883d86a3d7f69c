import { useMemo } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import { apiUrl } from '@client/api/http';
import { useBaseData } from '@client/layers/base/base-sources';
import type { AppConfig } from '@client/api/types';
import type { Locale, Translate } from '@client/i18n/locale';
import type { BasemapKind } from '@client/layers/base/basemaps';
import { LAYER_REGISTRY, type RegisteredLayer } from '@client/layers/feature-registry';
import type { LayerVisibility } from '@client/layers/feature-types';
import type { LayerBuildContext, LayerId } from '@client/layers/layer-types';
import { composeDeckLayers, composeStyle, type ComposeInput } from './compose-map';

export interface MapLayersInput {
  visibility: LayerVisibility;
  basemap: BasemapKind;
  basemapConfig: AppConfig['basemap'];
  remoteStyle: StyleSpecification | null;
  locale: Locale;
  t: Translate;
  /** Each feature's layer input, by feature id (memoized by the caller: a new object rebuilds the deck.gl layers). */
  inputs: Readonly<Record<string, unknown>>;
  /** Layers some feature asks to step back. */
  dimmed: ReadonlySet<LayerId>;
}

/**
 * The MapLibre style and the deck.gl layers for the current state, each rebuilt only when what it
 * depends on changes. The style never depends on the features' inputs, so filtering (on the GPU)
 * never touches MapLibre.
 */
export function useMapLayers(input: MapLayersInput): { style: StyleSpecification; deckLayers: ReturnType<typeof composeDeckLayers> } {
  const { visibility, basemap, basemapConfig, remoteStyle, locale, t, inputs, dimmed } = input;
  const baseData = useBaseData();

  const base = useMemo(
    (): Omit<ComposeInput<RegisteredLayer>, 'contextFor'> => ({
      registry: LAYER_REGISTRY,
      basemap,
      basemapConfig,
      remoteStyle,
      apiUrl,
      baseData,
      attribution: { own: t('map.attribution.own'), tianditu: t('map.attribution.tianditu') },
    }),
    [basemap, basemapConfig, remoteStyle, t, baseData],
  );

  const style = useMemo(
    () => composeStyle({ ...base, contextFor: (def) => ({ locale, basemap, input: null, dimmed: false, visible: visibility[def.id] }) }),
    [base, locale, basemap, visibility],
  );

  const deckLayers = useMemo(() => {
    const contextFor = (def: RegisteredLayer): LayerBuildContext => ({
      locale,
      basemap,
      input: inputs[def.feature] ?? null,
      dimmed: dimmed.has(def.id),
      visible: visibility[def.id],
    });
    return composeDeckLayers({ ...base, contextFor });
  }, [base, locale, basemap, visibility, inputs, dimmed]);

  return { style, deckLayers };
}
