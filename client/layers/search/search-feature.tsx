import { useCallback, useState } from 'react';
import { widePanelPadding } from '@client/map/screen-room';
import './search.css';
import { defineFeature, type FeatureHost, type FeatureView } from '../feature-types';
import { SearchBox } from './search-box';
import { searchLayer, type SearchLayerInput } from './search-layer';
import type { SearchKind, SearchResult } from './search-queries';

/** How near the map comes to each kind of find: a county whole, a village or a corner at street level. */
const MAX_ZOOM: Record<SearchKind, number> = { county: 11, township: 13, village: 15, road: 16, intersection: 17, point: 17, hazard: 17 };

/**
 * The search box: the map flies to what was chosen and marks it (a road's lines, an area's outline,
 * a ring round a point); a hazard opens in the ledger's card.
 */
function useSearch(host: FeatureHost): FeatureView<SearchLayerInput> {
  const { t, locale, flyTo, services } = host;
  const [found, setFound] = useState<SearchResult | null>(null);
  const choose = useCallback(
    (r: SearchResult) => {
      if (r.kind === 'hazard' && services.openHazard) {
        setFound(null);
        services.openHazard({ id: Number(r.key), lon: r.at[0], lat: r.at[1] });
        return;
      }
      setFound(r);
      const [lon, lat] = r.at;
      flyTo({ bounds: r.bbox ?? [lon, lat, lon, lat], padding: widePanelPadding(), maxZoom: MAX_ZOOM[r.kind] });
    },
    [flyTo, services],
  );
  const clear = useCallback(() => setFound(null), []);
  return {
    layerInput: { found },
    unlisted: [searchLayer.id],
    overlay: <SearchBox t={t} locale={locale} onChoose={choose} onClear={clear} />,
  };
}

export const searchFeature = defineFeature({ id: 'search', layers: [searchLayer], use: useSearch });
