import { useMemo, useState } from 'react';
import { useLight, useLightCandidates, useLights } from './light-queries';
import type { LightLayerInput } from './lights-layer';
import type { LightCandidate, LightFeature } from './light-types';

/** The lights on screen: the section (open or not), the brigade shown, the light open in its card, and the candidates. */
export function useLightsState(
  layerVisible: boolean,
  selectedId: number | null,
  selectedCandidate: number | null,
  onPick: (f: LightFeature) => void,
  onPickCandidate: (c: LightCandidate) => void,
) {
  const [open, setOpen] = useState(false);
  const [county, setCounty] = useState<string | null>(null);
  const list = useLights(open || layerVisible);
  const detail = useLight(selectedId);
  const candidates = useLightCandidates(open, county);
  const all = list.data?.features;
  const shown = useMemo(() => (all ?? []).filter((f) => !county || f.properties.county.code === county), [all, county]);
  const found = candidates.data?.candidates ?? [];
  const radius = candidates.data?.params.radius ?? 150;
  const layer = useMemo(
    (): LightLayerInput | null =>
      all ? { features: shown, radius, selectedId, onPick, candidates: open ? found : [], selectedCandidate, onPickCandidate } : null,
    [all, shown, radius, selectedId, onPick, open, found, selectedCandidate, onPickCandidate],
  );
  return { open, setOpen, county, setCounty, list, detail, candidates, found, shown, radius, layer };
}

export type LightsState = ReturnType<typeof useLightsState>;
