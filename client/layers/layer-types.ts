import type { Layer } from 'deck.gl';
import type { LayerSpecification } from 'maplibre-gl';
import type { AccidentRenderData } from './accidents/accident-render-data';
import type { Severity } from './accidents/severity';
import type { BasemapKind } from './base/basemaps';
import type { Locale } from '@client/i18n/locale';
import type { MessageKey } from '@client/i18n/zh';

export type LayerId = 'townships' | 'counties' | 'roads' | 'accidents' | 'labels';

export type LegendSymbol =
  | { kind: 'line'; color: string; width: number; dashed?: boolean; casing?: string }
  | { kind: 'dot'; color: string; size: number; outline?: string }
  | { kind: 'area'; color: string; outline: string; dashed?: boolean };

export interface LegendItem {
  labelKey: MessageKey;
  symbol: LegendSymbol;
}

/** Everything a builder may look at; builders are pure functions of this. */
export interface LayerBuildContext {
  visible: boolean;
  locale: Locale;
  basemap: BasemapKind;
  accidents: AccidentRenderData | null;
  accidentFilter: { fromDay: number; toDay: number; severities: readonly Severity[] };
  selectedAccidentId: number | null;
  onAccidentClick(id: number): void;
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
export interface StyleLayerDefinition extends LayerDefinitionBase {
  engine: 'maplibre';
  build(ctx: LayerBuildContext): LayerSpecification[];
}

/** Drawn by deck.gl, interleaved into MapLibre's stack at its place in the order. */
export interface DeckLayerDefinition extends LayerDefinitionBase {
  engine: 'deck';
  build(ctx: LayerBuildContext): Layer[];
}

export type LayerDefinition = StyleLayerDefinition | DeckLayerDefinition;
