import { useMemo, useState } from 'react';
import type { AppConfig } from '@client/api/types';
import { availableBasemaps, defaultBasemap, type BasemapKind } from '@client/layers/base/basemaps';

const STORAGE_KEY = 'changan.basemap';

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** The base map the user picked last time, if the server still offers it. */
export function useBasemapChoice(config: AppConfig['basemap']) {
  const kinds = useMemo(() => availableBasemaps(config), [config]);
  const [chosen, setChosen] = useState<BasemapKind>(() => {
    const stored = readStored();
    return kinds.find((k) => k === stored) ?? defaultBasemap(kinds);
  });
  const choose = (kind: BasemapKind) => {
    setChosen(kind);
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, kind);
    } catch {
      // The choice holds for this page only.
    }
  };
  return { kinds, basemap: chosen, choose };
}
