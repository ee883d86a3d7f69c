import type { Layer } from 'deck.gl';
import type { LayerSpecification } from 'maplibre-gl';
import type { BasemapKind } from './base/basemaps';
import type { Locale, TranslateParams } from '@client/i18n/locale';
import type { MessageKey } from '@client/i18n/zh';

/** A layer's id: unique across the registry, also its test id in the layer list. */
export type LayerId = string;

export type LegendSymbol =
  | { kind: 'line'; color: string; width: number; dashed?: boolean; casing?: string }
  | { kind: 'dot'; color: string; size: number; outline?: string }
  | { kind: 'area'; color: string; outline: string; dashed?: boolean };

export interface LegendItem {
  labelKey: MessageKey;
  /** Placeholders of the label, e.g. class bounds. */
  params?: TranslateParams;
  symbol: LegendSymbol;
}

/** Everything a builder may look at; builders are pure functions of this. */
export interface LayerBuildContext<I = unknown> {
  visible: boolean;
  locale: Locale;
  basemap: BasemapKind;
  /** What the layer's feature gave the map this render (null: nothing to draw yet; base layers have none). */
  input: I | null;
  /** Another feature's result lies over this layer and asks it to step back. */
  dimmed: boolean;
}

interface LayerDefinitionBase {
  id: LayerId;
  labelKey: MessageKey;
  /** Drawing order, bottom to top; also the order of the panel (listed top first). */
  order: number;
  defaultVisible: boolean;
  legend: readonly LegendItem[];
}

/** Drawn by MapLibre as style layers over the base sources (base/base-sources.ts). */
export interface StyleLayerDefinition<I = unknown> extends LayerDefinitionBase {
  engine: 'maplibre';
  build(ctx: LayerBuildContext<I>): LayerSpecification[];
}

/** Drawn by deck.gl, interleaved into MapLibre's stack at its place in the order. */
export interface DeckLayerDefinition<I = unknown> extends LayerDefinitionBase {
  engine: 'deck';
  build(ctx: LayerBuildContext<I>): Layer[];
}

export type LayerDefinition<I = unknown> = StyleLayerDefinition<I> | DeckLayerDefinition<I>;
