import { bbox } from '@turf/turf';
import { useCallback, useMemo, useState } from 'react';
import { PickBanner } from '@client/app/pick-banner';
import type { Bounds } from '@client/api/types';
import { cardPadding, isPhone } from '@client/map/screen-room';
import { defineFeature, selectedBy, type FeatureHost, type FeatureView } from '../feature-types';
import { mayActAt, mayWrite } from '@client/auth/may-act';
import { CandidateActions } from './candidate-actions';
import { CandidateDetails } from './candidate-details';
import { CandidateList } from './candidate-list';
import { MarketActions } from './market-actions';
import { MarketDetails } from './market-details';
import './markets.css';
import { candidateHazardDraft, hazardDraft } from './market-hazard';
import { MarketSection } from './market-section';
import type { MarketCandidate, MarketDetail, MarketFeature } from './market-types';
import { marketsLayer, type MarketLayerInput } from './markets-layer';
import { useMarketsState } from './use-markets';

declare module '../feature-types' {
  interface FeatureServices {
    /** Opens a market's card and flies to it (a 马路市场 hazard's market, from the ledger's drawer). */
    openMarket(id: number): void;
  }
}

const OWNER = 'markets';

/**
 * 马路市场: the markets on the map by status and risk (those meeting on the chosen day haloed), the
 * week's market days for 护集 patrols, the market-day analysis ranked, and one market in a card.
 */
function useMarkets(host: FeatureHost): FeatureView<MarketLayerInput> {
  const { t, locale, user, select, clearSelection, flyTo, closePanel, setLayerVisible, services } = host;
  // A market by its id; a suspected one of the cycle finder as `candidate:<id>`.
  const selected = selectedBy<number | string>(host, OWNER);
  const selectedId = typeof selected === 'number' ? selected : null;
  const selectedCandidate = typeof selected === 'string' ? Number(selected.slice('candidate:'.length)) : null;
  const fly = useCallback(
    (feature: MarketFeature) => {
      const [w, s, e, n] = bbox(feature as GeoJSON.Feature) as Bounds;
      // A moved market: its new site in view too.
      const site = feature.properties.relocatedTo;
      const bounds: Bounds = site ? [Math.min(w, site[0]), Math.min(s, site[1]), Math.max(e, site[0]), Math.max(n, site[1])] : [w, s, e, n];
      flyTo({ bounds, padding: cardPadding(), maxZoom: 16 });
      if (isPhone()) closePanel();
    },
    [flyTo, closePanel],
  );
  const onPick = useCallback(
    (feature: MarketFeature) => {
      select(OWNER, feature.id);
      fly(feature);
    },
    [select, fly],
  );
  const onPickCandidate = useCallback(
    (c: MarketCandidate) => {
      select(OWNER, `candidate:${c.id}`);
      flyTo({ bounds: bbox({ type: 'Feature', geometry: c.geometry, properties: {} }) as Bounds, padding: cardPadding(), maxZoom: 16 });
      if (isPhone()) closePanel();
    },
    [select, flyTo, closePanel],
  );
  const markets = useMarketsState(host.visibility[marketsLayer.id], selectedId, selectedCandidate, onPick, onPickCandidate);
  const candidate = markets.found.find((c) => c.id === selectedCandidate) ?? null;
  const openById = useCallback(
    (id: number) => {
      const feature = markets.list.data?.features.find((f) => f.id === id);
      select(OWNER, id);
      if (feature) fly(feature);
    },
    [markets.list.data, select, fly],
  );
  const openSection = useCallback(
    (open: boolean) => {
      markets.setOpen(open);
      // The list and the map show the same markets: opening the list turns the layer on.
      if (open) setLayerVisible(marketsLayer.id, true);
    },
    [markets.setOpen, setLayerVisible],
  );
  const { registerHazard } = services;
  const hazardFromCandidate = useCallback(
    (c: MarketCandidate) => registerHazard?.(c.point, candidateHazardDraft(c, t)),
    [registerHazard, t],
  );
  const register = useCallback(
    (d: MarketDetail) => {
      const at = markets.anchor.get(d.id);
      if (at) registerHazard?.(at, hazardDraft(d, t, locale));
    },
    [registerHazard, markets.anchor, t, locale],
  );

  // 搬迁: the new site is picked on the map while the card's form waits.
  const [pickingSite, setPickingSite] = useState(false);
  const [site, setSite] = useState<[number, number] | null>(null);
  const pickSite = useCallback((lonLat: [number, number]) => {
    setSite(lonLat);
    setPickingSite(false);
  }, []);

  const provides = useMemo(() => ({ openMarket: openById }), [openById]);

  return {
    layerInput: markets.layer,
    provides,
    pickPoint: pickingSite ? pickSite : null,
    panel: (
      <MarketSection markets={markets} selectedId={selectedId} onOpenChange={openSection} onSelect={openById} mayImport={mayWrite(user)}>
        <CandidateList markets={markets} selectedId={selectedCandidate} onSelect={onPickCandidate} />
      </MarketSection>
    ),
    overlay: services.registeringHazard ? null : candidate ? (
      <CandidateDetails candidate={candidate} onClose={clearSelection}>
        {mayActAt(user, { county: candidate.county.code, township: candidate.township?.code }) && (
          <CandidateActions key={candidate.id} candidate={candidate} onRegistered={(id) => select(OWNER, id)} onHazard={hazardFromCandidate} />
        )}
      </CandidateDetails>
    ) : selectedId !== null && (
      <>
        {pickingSite && <PickBanner prompt={t('market.statusForm.pickPrompt')} onPicked={pickSite} onCancel={() => setPickingSite(false)} />}
        <MarketDetails id={selectedId} detail={markets.detail} user={user} onClose={clearSelection} onRegister={register} picking={pickingSite}>
          {(d) => <MarketActions key={d.id} market={d} site={site} onPickSite={() => setPickingSite(true)} />}
        </MarketDetails>
      </>
    ),
  };
}

export const marketsFeature = defineFeature({ id: OWNER, layers: [marketsLayer], use: useMarkets });
