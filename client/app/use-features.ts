import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useAuth } from '@client/auth/auth-provider';
import { useI18n } from '@client/i18n/i18n-provider';
import { FEATURES, defaultVisibility } from '@client/layers/feature-registry';
import type { FeatureHost, FeatureServices, FeatureView, LayerVisibility, Selection } from '@client/layers/feature-types';
import type { LayerId } from '@client/layers/layer-types';
import type { MapFocus } from '@client/map/map-view';
import { listParam, readMapQuery, writeMapQuery } from './map-query';

/** The layers on as the map's URL says (`show=…&hide=…`, against each layer's default). */
function visibilityFromUrl(q: URLSearchParams): LayerVisibility {
  const v = defaultVisibility();
  for (const id of listParam(q, 'show')) if (id in v) v[id] = true;
  for (const id of listParam(q, 'hide')) if (id in v) v[id] = false;
  return v;
}

/** Writes the layers that differ from their defaults into the URL. */
function writeVisibility(v: LayerVisibility) {
  const d = defaultVisibility();
  const ids = Object.keys(v).filter((id) => v[id] !== d[id]);
  writeMapQuery({ show: ids.filter((id) => v[id]).join(','), hide: ids.filter((id) => !v[id]).join(',') });
}

const FEATURE_IDS = FEATURES.map((f) => f.id);

/**
 * Runs every registered feature for this render and gathers what they put on screen. The state
 * they share lives here: which layers are on, the one selection, where the map flies to.
 */
export function useFeatures(closePanel: () => void) {
  const { t, locale } = useI18n();
  const { user } = useAuth();
  // The URL as the map opened: each feature reads its keys from it once.
  const [query] = useState(readMapQuery);
  const [visibility, setVisibility] = useState<LayerVisibility>(() => visibilityFromUrl(query));
  const opened = useRef(visibility);
  useEffect(() => {
    if (visibility !== opened.current) writeVisibility(visibility);
  }, [visibility]);
  const [selection, setSelection] = useState<Selection>(null);
  const [focus, setFocus] = useState<MapFocus | null>(null);
  const services = useRef<Partial<FeatureServices>>({});

  const setLayerVisible = useCallback((id: LayerId, visible: boolean) => setVisibility((v) => ({ ...v, [id]: visible })), []);
  const select = useCallback(
    (owner: string, value: unknown) =>
      setSelection((current) => (current?.owner === owner && current.value === value ? current : { owner, value })),
    [],
  );
  const clearSelection = useCallback(() => setSelection(null), []);

  const host: FeatureHost = {
    t,
    locale,
    user: user ?? null,
    visibility,
    setLayerVisible,
    selection,
    select,
    clearSelection,
    flyTo: setFocus,
    closePanel,
    services: services.current,
    query,
    setQuery: writeMapQuery,
  };
  // FEATURES is a module constant: the same hooks run in the same order on every render.
  const views: FeatureView[] = FEATURES.map((feature) => {
    const view = feature.use(host);
    if (view.provides) Object.assign(services.current, view.provides);
    return view;
  });

  // One object per change of any feature's input, so the deck.gl layers rebuild only then. The list has a
  // fixed length (one entry per feature), so it can be the dependency list itself.
  const inputList = views.map((v) => v.layerInput ?? null);
  const inputs = useMemo(() => Object.fromEntries(FEATURE_IDS.map((id, i) => [id, inputList[i]])), inputList);
  const dimmedKey = views.flatMap((v) => v.dims ?? []).sort().join('|');
  const dimmed = useMemo(() => new Set(dimmedKey ? dimmedKey.split('|') : []), [dimmedKey]);
  const pickPoint = views.find((v) => v.pickPoint)?.pickPoint ?? null;

  return { ids: FEATURE_IDS, views, inputs, dimmed, pickPoint, visibility, setVisibility, focus, clearSelection };
}
