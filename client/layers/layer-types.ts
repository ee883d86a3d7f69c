import type { Layer } from 'deck.gl';
import type { LayerSpecification } from 'maplibre-gl';
import type { AccidentRenderData } from './accidents/accident-render-data';
import type { Severity } from './accidents/severity';
import type { BasemapKind } from './base/basemaps';
import type { HazardLayerInput } from './hazards/hazard-layer-input';
import type { HotspotLayerInput } from './hotspots/hotspot-layer-input';
import type { SightLayerInput } from './sight-lines/sight-layer-input';
import type { Locale, TranslateParams } from '@client/i18n/locale';
import type { MessageKey } from '@client/i18n/zh';

export type LayerId =
  | 'townships'
  | 'counties'
  | 'roads'
  | 'hotspot-grid'
  | 'hotspot-segments'
  | 'hotspot-clusters'
  | 'accidents'
  | 'sight-lines'
  | 'hazards'
  | 'labels';

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
export interface LayerBuildContext {
  visible: boolean;
  locale: Locale;
  basemap: BasemapKind;
  accidents: AccidentRenderData | null;
  accidentFilter: { fromDay: number; toDay: number; severities: readonly Severity[] };
  selectedAccidentId: number | null;
  onAccidentClick(id: number): void;
  /** The hotspot analysis on screen, if any. */
  hotspots: HotspotLayerInput | null;
  /** A hotspot layer is shown over the accidents. */
  accidentsFaded: boolean;
  /** The hazard ledger, when signed in. */
  hazards: HazardLayerInput | null;
  /** The deficient intersections, once read, and the open one's sight triangles. */
  sightLines: SightLayerInput | null;
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
