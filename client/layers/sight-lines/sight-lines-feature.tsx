import { useCallback, useRef } from 'react';
import type { Bounds } from '@client/api/types';
import { cardPadding, isPhone } from '@client/map/screen-room';
import { defineFeature, selectedBy, type FeatureHost, type FeatureView } from '../feature-types';
import { DrawBanner } from './draw-banner';
import { SightDetails } from './sight-details';
import { hazardDraft } from './sight-labels';
import type { SightLayerInput } from './sight-layer-input';
import { sightLinesLayer } from './sight-lines-layer';
import { SightSection } from './sight-section';
import type { IntersectionDetail, IntersectionFeature } from './sight-types';
import { useObstacleDraw } from './use-obstacle-draw';
import { intersectionBounds, useSightLines } from './use-sight-lines';

const OWNER = 'sight-lines';

/**
 * 视距不足路口: the deficient intersections in the panel and on the map, one open in a card with its
 * sight triangles, obstacles drawn on the map, and 登记为隐患 through the ledger.
 */
function useSightLinesFeature(host: FeatureHost): FeatureView<SightLayerInput> {
  const { t, user, select, clearSelection, flyTo, closePanel, setLayerVisible, services } = host;
  const selectedId = selectedBy<number>(host, OWNER);
  const last = useRef<{ id: number; at: number } | null>(null);
  const open = useCallback(
    (feature: IntersectionFeature) => {
      // As with hotspots: one map click reaches the layer twice; fly once.
      const now = performance.now();
      if (last.current?.id === feature.id && now - last.current.at < 400) return;
      last.current = { id: feature.id, at: now };
      select(OWNER, feature.id);
      flyTo({ bounds: intersectionBounds(feature), padding: cardPadding(), maxZoom: 18 });
      if (isPhone()) closePanel();
    },
    [select, flyTo, closePanel],
  );
  const draw = useObstacleDraw();
  // The brigade officer's list starts on their own area (the base feature's userScope, after sign-in).
  const sight = useSightLines(host.visibility[sightLinesLayer.id], selectedId, open, draw.draft, services.userScope?.code ?? null);
  const openSection = useCallback(
    (isOpen: boolean) => {
      sight.setOpen(isOpen);
      // The list and the map show the same intersections: opening the list turns the layer on.
      if (isOpen) setLayerVisible(sightLinesLayer.id, true);
    },
    [sight.setOpen, setLayerVisible],
  );
  // An obstacle import's result on the map: the obstacles' box, or one intersection they cut, opened.
  const showImported = useCallback(
    (bounds: Bounds, id: number | null) => {
      const feature = id === null ? undefined : sight.list.data?.features.find((f) => f.id === id);
      if (feature) return open(feature);
      if (id !== null) select(OWNER, id);
      flyTo({ bounds, padding: cardPadding(), maxZoom: 18 });
      if (isPhone()) closePanel();
    },
    [sight.list.data, open, select, flyTo, closePanel],
  );
  // 登记为隐患: the ledger's form at the intersection, its type and description filled in from the analysis.
  const { registerHazard } = services;
  const register = useCallback(
    (d: IntersectionDetail) => registerHazard?.([d.lon, d.lat], hazardDraft(d, t)),
    [registerHazard, t],
  );

  const drawing = selectedId !== null && draw.step.kind === 'drawing';
  return {
    layerInput: sight.layer,
    pickPoint: draw.step.kind === 'drawing' ? draw.addVertex : null,
    panel: (
      <SightSection
        sight={sight}
        selectedId={selectedId}
        onOpenChange={openSection}
        onSelect={open}
        mayEdit={user?.role === 'officer' || user?.role === 'admin'}
        mayAnalyse={user?.role === 'admin'}
        onShowImported={showImported}
      />
    ),
    overlay: selectedId !== null && (
      <>
        {drawing && <DrawBanner draw={draw} />}
        {/* While the ledger's form is open in its place, the card waits behind it (cancel comes back to it). */}
        {!services.registeringHazard && (
          <SightDetails id={selectedId} detail={sight.detail} user={user} onClose={clearSelection} onRegister={register} draw={draw} />
        )}
      </>
    ),
  };
}

export const sightLinesFeature = defineFeature({ id: OWNER, layers: [sightLinesLayer], use: useSightLinesFeature });
