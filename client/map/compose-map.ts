import type { Layer } from 'deck.gl';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { AppConfig } from '@client/api/types';
import { baseSources, type BaseDataState } from '@client/layers/base/base-sources';
import { rasterBase, type BasemapKind } from '@client/layers/base/basemaps';
import { landLayers } from '@client/layers/base/land-layers';
import type { LayerBuildContext, LayerDefinition } from '@client/layers/layer-types';

export interface ComposeInput<L extends LayerDefinition = LayerDefinition> {
  registry: readonly L[];
  contextFor(layer: L): LayerBuildContext;
  basemap: BasemapKind;
  basemapConfig: AppConfig['basemap'];
  /** The configured remote style, when `basemap` is 'style' and it has loaded. */
  remoteStyle: StyleSpecification | null;
  apiUrl(path: string): string;
  /** Which load of the base data (an import bumps it; the sources' URLs carry it), and whether the minor roads are due. */
  baseData?: BaseDataState;
  attribution: { own: string; tianditu: string };
}

/**
 * The whole MapLibre style, rebuilt from state on every change and applied with
 * `setStyle(style, { diff: true })`, so a toggle becomes a `setLayoutProperty`, not a reload.
 * No `glyphs` and no `sprite`: labels are drawn from local fonts, markers are circles.
 */
export function composeStyle<L extends LayerDefinition>(input: ComposeInput<L>): StyleSpecification {
  const own = baseSources(input.apiUrl, input.baseData);
  const counties = own.counties;
  if (counties.type === 'geojson') counties.attribution = input.attribution.own;
  const raster = rasterBase(input.basemap, input.basemapConfig, input.attribution.tianditu);
  const ours: LayerSpecification[] = input.registry.flatMap((def) =>
    def.engine === 'maplibre' ? def.build(input.contextFor(def)) : [],
  );

  const remote = input.basemap === 'style' ? input.remoteStyle : null;
  if (remote) {
    return {
      ...remote,
      sources: { ...remote.sources, ...own },
      layers: [...remote.layers, ...ours],
    };
  }
  return {
    version: 8,
    sources: { ...own, ...raster.sources },
    layers: [...landLayers(input.basemap), ...raster.layers, ...ours],
  };
}

/**
 * deck.gl layers with `beforeId` set to the first style layer of the next MapLibre entry above
 * them in the registry, so that interleaved rendering honours the registry's order.
 */
export function composeDeckLayers<L extends LayerDefinition>(input: ComposeInput<L>): Layer[] {
  const result: Layer[] = [];
  input.registry.forEach((def, index) => {
    if (def.engine !== 'deck') return;
    const ctx = input.contextFor(def);
    const above = input.registry.slice(index + 1).find((d) => d.engine === 'maplibre');
    const beforeId = above?.engine === 'maplibre' ? above.build(ctx)[0]?.id : undefined;
    // A hidden layer is off the map and out of reach of the pointer, whatever its build asked for:
    // a click never opens what the user cannot see.
    const hidden = ctx.visible === false ? { visible: false, pickable: false } : {};
    for (const layer of def.build(ctx)) result.push(layer.clone({ beforeId, ...hidden } as never));
  });
  return result;
}
