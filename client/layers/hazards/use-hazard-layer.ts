import { useCallback, useMemo } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Bounds } from '@client/api/types';
import type { HazardLayerInput } from './hazard-layer-input';
import type { HazardType } from './hazard-types';
import type { Ledger } from './use-ledger';

/** What the hazards layer draws, or null when there is nothing to draw (signed out, not loaded yet). */
export function useHazardLayer(
  ledger: Ledger,
  selectedId: number | null,
  onPick: (id: number) => void,
  onPickCluster: (bounds: Bounds) => void,
): HazardLayerInput | null {
  const { t } = useI18n();
  const glyph = useCallback((type: HazardType) => t(`hazard.glyph.${type}`), [t]);
  const features = ledger.hazards.data?.features;
  const draft = ledger.register.kind === 'form' ? ledger.register.lonLat : null;
  return useMemo(
    () => (features ? { features, selectedId, draft, glyph, onPick, onPickCluster } : null),
    [features, selectedId, draft, glyph, onPick, onPickCluster],
  );
}
