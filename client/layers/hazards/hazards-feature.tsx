import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Bounds } from '@client/api/types';
import { isPhone, widePanelPadding } from '@client/map/screen-room';
import { defineFeature, selectedBy, type FeatureHost, type FeatureView } from '../feature-types';
import type { HazardLayerInput } from './hazard-layer-input';
import type { Hazard } from './hazard-types';
import { hazardsLayer } from './hazards-layer';
import { LedgerOverlay } from './ledger-overlay';
import type { RegisterInitial } from './register-form';
import { useHazardLayer } from './use-hazard-layer';
import { useLedger } from './use-ledger';

declare module '../feature-types' {
  interface FeatureServices {
    /** Opens the ledger's registration form at a place, its fields filled in from another analysis. */
    registerHazard(lonLat: [number, number], initial?: RegisterInitial): void;
    /** The registration form is open: cards that would sit under it wait (cancelling comes back to them). */
    registeringHazard: boolean;
    /** Opens a hazard's card and flies to it (the search box's hazard numbers). */
    openHazard(hazard: Pick<Hazard, 'id' | 'lon' | 'lat'>): void;
  }
}

const OWNER = 'hazards';

/** The hazard ledger (signed in only): its button, list and drawer, registering on the map, and the layer. */
function useHazards(host: FeatureHost): FeatureView<HazardLayerInput> {
  const { user, select, clearSelection, flyTo, t } = host;
  const ledger = useLedger(!!user, host, host.services.mapArea ?? null);
  const { setRegister, setOpen } = ledger;
  const selectedId = user ? selectedBy<number>(host, OWNER) : null;
  const pick = useCallback((id: number) => select(OWNER, id), [select]);
  const open = useCallback(
    (hazard: Pick<Hazard, 'id' | 'lon' | 'lat'>) => {
      select(OWNER, hazard.id);
      flyTo({ bounds: [hazard.lon, hazard.lat, hazard.lon, hazard.lat], padding: widePanelPadding() });
      if (isPhone()) setOpen(false);
    },
    [select, flyTo, setOpen],
  );
  // A cluster opens into what it holds (a little room round it, and no nearer than a street's view).
  const zoomInto = useCallback((bounds: Bounds) => flyTo({ bounds, padding: widePanelPadding(), maxZoom: 16 }), [flyTo]);
  const layer = useHazardLayer(ledger, selectedId, pick, zoomInto);
  const picking = ledger.register.kind === 'picking';
  // A place outside the officer's jurisdiction is refused at once, before the form (the API would refuse it on sending).
  const scope = host.services.userScope ?? null;
  const [refusal, setRefusal] = useState<string | null>(null);
  const pickPoint = useCallback(
    (lonLat: [number, number]) => {
      if (scope && !scope.contains(lonLat)) {
        setRefusal(t('register.outsideScope', { name: scope.name }));
        return;
      }
      setRefusal(null);
      setRegister({ kind: 'form', lonLat });
    },
    [scope, setRegister, t],
  );
  useEffect(() => {
    if (!picking) setRefusal(null);
  }, [picking]);
  const registerHazard = useCallback(
    (lonLat: [number, number], initial?: RegisterInitial) => setRegister({ kind: 'form', lonLat, initial }),
    [setRegister],
  );
  const registeringHazard = ledger.register.kind === 'form';
  const provides = useMemo(() => ({ registerHazard, registeringHazard, openHazard: open }), [registerHazard, registeringHazard, open]);

  return {
    layerInput: user ? layer : null,
    unlisted: user ? [] : [hazardsLayer.id],
    pickPoint: picking ? pickPoint : null,
    provides,
    overlay: user && (
      <LedgerOverlay
        ledger={ledger}
        user={user}
        selectedId={selectedId}
        onOpen={open}
        onCloseDetails={clearSelection}
        onOpenMarket={host.services.openMarket}
        sections={host.services.hazardSections}
        onPicked={pickPoint}
        refusal={refusal}
      />
    ),
  };
}

export const hazardsFeature = defineFeature({ id: OWNER, layers: [hazardsLayer], use: useHazards });
