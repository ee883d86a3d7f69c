import type { ReactNode } from 'react';
import type { SessionUser } from '@client/api/api-client';
import type { Locale, Translate } from '@client/i18n/locale';
import type { MapFocus } from '@client/map/map-view';
import type { LayerDefinition, LayerId } from './layer-types';

/**
 * What features offer one another, by name. Empty here: a feature that offers something declares
 * it in its own folder by module augmentation (`declare module '@client/layers/feature-types'`),
 * so this file, the registry and the map screen never name a feature's services.
 */
export interface FeatureServices {}

/** What the user has picked on the map: one thing at a time, held by the feature that owns it. */
export type Selection = { owner: string; value: unknown } | null;

export type LayerVisibility = Record<LayerId, boolean>;

/** What the map screen gives every feature on every render. */
export interface FeatureHost {
  t: Translate;
  locale: Locale;
  user: SessionUser | null;
  visibility: LayerVisibility;
  setLayerVisible(id: LayerId, visible: boolean): void;
  selection: Selection;
  /** Selects `value` for the feature `owner`; any other feature's selection closes. */
  select(owner: string, value: unknown): void;
  clearSelection(): void;
  /** Flies the map to a place, keeping the given room clear. */
  flyTo(focus: MapFocus): void;
  /** On a phone the panel is a drawer over the map: closed when the user asked to see the map. */
  closePanel(): void;
  /**
   * What other features offer: those earlier in the registry as of this render, later ones as of
   * the last (read them in callbacks, or accept one render's lag).
   */
  services: Partial<FeatureServices>;
  /** The map's URL query as the map opened (client/app/map-query.ts): read a feature's own keys from it once. */
  query: URLSearchParams;
  /** Writes a feature's keys into the map's URL (null removes one), so a link opens the same view. */
  setQuery(entries: Record<string, string | null>): void;
}

/** A feature's part of the screen for one render. Everything is optional. */
export interface FeatureView<I = unknown> {
  /** What the feature's map layers draw; null when there is nothing yet. */
  layerInput?: I | null;
  /** Its section(s) of the panel, in registry order. */
  panel?: ReactNode;
  /** Cards, drawers, banners and tooltips over the map. */
  overlay?: ReactNode;
  /** While set, a click on the map gives its point here (drawing, picking a place). */
  pickPoint?: ((lonLat: [number, number]) => void) | null;
  /** Its layers left out of the layer list (nothing to show, or not for this user). */
  unlisted?: readonly LayerId[];
  /** Other layers to fade while this feature's result is on the map. */
  dims?: readonly LayerId[];
  /** Services for other features (see FeatureServices). */
  provides?: Partial<FeatureServices>;
}

/**
 * A feature of the map (accidents, hotspots, hazards, …): its layers and a hook that the map screen
 * runs on every render. Features plug in through the registry (feature-registry.ts) alone.
 */
export interface MapFeature<I = unknown> {
  id: string;
  layers: readonly LayerDefinition<I>[];
  /** A React hook: called on every render of the map screen, always in registry order. */
  use(host: FeatureHost): FeatureView<I>;
}

/** The selected value when `owner` holds the selection, else null. */
export function selectedBy<T>(host: Pick<FeatureHost, 'selection'>, owner: string): T | null {
  return host.selection?.owner === owner ? (host.selection.value as T) : null;
}

/** Keeps a feature's layer input typed against its layers. */
export function defineFeature<I>(feature: MapFeature<I>): MapFeature<I> {
  return feature;
}
