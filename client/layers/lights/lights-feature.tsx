import { useCallback, useEffect, useState } from 'react';
import { PickBanner } from '@client/app/pick-banner';
import type { Bounds } from '@client/api/types';
import { mayActAt, mayWrite } from '@client/auth/may-act';
import { cardPadding, isPhone } from '@client/map/screen-room';
import { bbox } from '@turf/turf';
import { defineFeature, selectedBy, type FeatureHost, type FeatureView } from '../feature-types';
import { CandidateCard, candidateHazardDraft } from './candidate-card';
import { LightDetails } from './light-details';
import { windowYears } from './light-labels';
import { LightSection } from './light-section';
import { NewLightForm } from './new-light-form';
import type { LightCandidate, LightFeature } from './light-types';
import { lightsLayer, type LightLayerInput } from './lights-layer';
import './lights.css';
import { useLightsState } from './use-lights';

const OWNER = 'lights';

/**
 * 第一盏灯: the lights on the map by status with the road each lights, the brigade's lights by
 * programme, where the next light should go (dark places, worst first, with their reason), and one
 * light or suggested place in a card.
 */
function useLights(host: FeatureHost): FeatureView<LightLayerInput> {
  const { user, select, clearSelection, flyTo, closePanel, setLayerVisible, services } = host;
  // A light by its id; a suggested place as `candidate:<id>`.
  const selected = selectedBy<number | string>(host, OWNER);
  const selectedId = typeof selected === 'number' ? selected : null;
  const selectedCandidate = typeof selected === 'string' ? Number(selected.slice('candidate:'.length)) : null;
  const onPick = useCallback(
    (f: LightFeature) => {
      select(OWNER, f.id);
      const [lon, lat] = f.geometry.coordinates;
      // The light and the road it lights (about 150 m either way) in view.
      flyTo({ bounds: [lon - 0.003, lat - 0.0025, lon + 0.003, lat + 0.0025], padding: cardPadding(), maxZoom: 16 });
      if (isPhone()) closePanel();
    },
    [select, flyTo, closePanel],
  );
  const onPickCandidate = useCallback(
    (c: LightCandidate) => {
      select(OWNER, `candidate:${c.id}`);
      flyTo({ bounds: bbox({ type: 'Feature', geometry: c.geometry, properties: {} }) as Bounds, padding: cardPadding(), maxZoom: 16 });
      if (isPhone()) closePanel();
    },
    [select, flyTo, closePanel],
  );
  const lights = useLightsState(host.visibility[lightsLayer.id], selectedId, selectedCandidate, onPick, onPickCandidate);
  // A brigade's officer sees the brigade's county first; signing out shows the city again.
  const ownCounty = user?.scope.level === 'county' ? user.scope.code : null;
  const { setCounty } = lights;
  useEffect(() => setCounty(ownCounty), [ownCounty, setCounty]);
  const openSection = useCallback(
    (open: boolean) => {
      lights.setOpen(open);
      if (open) setLayerVisible(lightsLayer.id, true);
    },
    [lights.setOpen, setLayerVisible],
  );
  const data = lights.candidates.data;
  const years = data ? windowYears(data.from, data.to) : 3;
  const candidate = lights.found.find((c) => c.id === selectedCandidate) ?? null;
  const { registerHazard } = services;
  const hazardFrom = useCallback(
    (c: LightCandidate) => registerHazard?.(c.point, candidateHazardDraft(c, years, lights.radius, host.t)),
    [registerHazard, years, lights.radius, host.t],
  );
  const onPlanned = useCallback((id: number) => select(OWNER, id), [select]);
  // 添加照明设施: its place picked on the map, then its form.
  const [adding, setAdding] = useState<'picking' | [number, number] | null>(null);
  const startAdding = useCallback(() => {
    clearSelection();
    setAdding('picking');
    if (isPhone()) closePanel();
  }, [clearSelection, closePanel]);
  const picked = useCallback((lonLat: [number, number]) => setAdding(lonLat), []);
  // Anything chosen on the map (a light, a place, another feature's thing) ends the adding.
  useEffect(() => {
    if (host.selection !== null) setAdding(null);
  }, [host.selection]);

  return {
    layerInput: lights.layer,
    pickPoint: adding === 'picking' ? picked : null,
    panel: (
      <LightSection lights={lights} onOpenChange={openSection} selectedCandidate={selectedCandidate} onSelectCandidate={onPickCandidate} mayImport={mayWrite(user)} onAdd={startAdding} />
    ),
    overlay: services.registeringHazard ? null : adding === 'picking' ? (
      <PickBanner prompt={host.t('lights.new.pick')} onPicked={picked} onCancel={() => setAdding(null)} />
    ) : adding ? (
      <NewLightForm
        at={adding}
        onClose={() => setAdding(null)}
        onSaved={(id) => {
          setAdding(null);
          select(OWNER, id);
        }}
      />
    ) : candidate ? (
      <CandidateCard
        key={candidate.id}
        candidate={candidate}
        years={years}
        radius={lights.radius}
        onClose={clearSelection}
        mayAct={mayActAt(user, { county: candidate.county?.code, township: candidate.township?.code })}
        onHazard={hazardFrom}
        onPlanned={onPlanned}
      />
    ) : selectedId !== null ? (
      <LightDetails id={selectedId} detail={lights.detail} user={user} onClose={clearSelection} />
    ) : null,
  };
}

export const lightsFeature = defineFeature({ id: OWNER, layers: [lightsLayer], use: useLights });
