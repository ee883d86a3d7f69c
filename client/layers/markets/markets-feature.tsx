import { bbox } from '@turf/turf';
import { useCallback, useState } from 'react';
import { PickBanner } from '@client/app/pick-banner';
import type { Bounds } from '@client/api/types';
import { cardPadding, isPhone } from '@client/map/screen-room';
import { defineFeature, selectedBy, type FeatureHost, type FeatureView } from '../feature-types';
import { MarketActions } from './market-actions';
import { MarketDetails } from './market-details';
import './markets.css';
import { hazardDraft } from './market-hazard';
import { MarketSection } from './market-section';
import type { MarketDetail, MarketFeature } from './market-types';
import { marketsLayer, type MarketLayerInput } from './markets-layer';
import { useMarketsState } from './use-markets';

const OWNER = 'markets';

/**
 * 马路市场: the markets on the map by status and risk (those meeting on the chosen day haloed), the
 * week's market days for 护集 patrols, the market-day analysis ranked, and one market in a card.
 */
function useMarkets(host: FeatureHost): FeatureView<MarketLayerInput> {
  const { t, locale, user, select, clearSelection, flyTo, closePanel, setLayerVisible, services } = host;
  const selectedId = selectedBy<number>(host, OWNER);
  const fly = useCallback(
    (feature: MarketFeature) => {
      flyTo({ bounds: bbox(feature as GeoJSON.Feature) as Bounds, padding: cardPadding(), maxZoom: 16 });
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
  const markets = useMarketsState(host.visibility[marketsLayer.id], selectedId, onPick);
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

  return {
    layerInput: markets.layer,
    pickPoint: pickingSite ? pickSite : null,
    panel: <MarketSection markets={markets} selectedId={selectedId} onOpenChange={openSection} onSelect={openById} />,
    overlay: selectedId !== null && !services.registeringHazard && (
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
