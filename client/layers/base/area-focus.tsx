import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Bounds } from '@client/api/types';
import { apiUrl, getJson, retryServerErrors } from '@client/api/http';
import { widePanelPadding } from '@client/map/screen-room';
import type { FeatureHost } from '../feature-types';
import type { Feature } from 'geojson';
import { outlineLayer } from './outline-layer';

declare module '../feature-types' {
  interface FeatureServices {
    /** The code of the county or township a map link names (`area=`), once it is known; null without one. */
    mapArea: string | null;
  }
}

export type AreaFeature = Feature & { bbox: Bounds; properties: { code: string; name: string; nameEn: string | null; level: 'city' | 'county' | 'township' } };
export interface AreaAnswer {
  features: AreaFeature[];
}

/** A county's or township's outline and bbox (GET /api/jurisdictions?code=), read once a session; nothing without a code. */
export function useArea(code: string | null) {
  return useQuery({
    queryKey: ['area', code],
    queryFn: ({ signal }) => getJson<AreaAnswer>(apiUrl(`/jurisdictions?code=${code}`), signal),
    enabled: code !== null,
    retry: retryServerErrors,
    staleTime: Infinity,
  });
}

/** The named area's outline. */
export const areaLayer = outlineLayer({ id: 'area', key: 'area', labelKey: 'layer.area', legendKey: 'legend.area', order: 25, color: [29, 78, 216], width: 3 });

/**
 * Reads `area` from the map's URL: the map flies to that county or township once, outlines it, and
 * says so in a chip that clears it. An unknown code is said in the chip and nothing moves.
 */
export function useAreaFocus(host: FeatureHost) {
  const { query, setQuery, flyTo, t, locale } = host;
  const [code, setCode] = useState(() => (/^\d{6,12}$/.test(query.get('area') ?? '') ? query.get('area') : null));
  const answer = useArea(code);
  const area = answer.data?.features[0];
  // A link with its own camera (`at`) keeps it: the area is outlined, the map not moved.
  const flown = useRef<string | null>(query.has('at') ? code : null);
  useEffect(() => {
    if (!area || flown.current === area.properties.code) return;
    flown.current = area.properties.code;
    flyTo({ bounds: area.bbox, padding: widePanelPadding(), maxZoom: 14 });
  }, [area, flyTo]);
  const clear = () => {
    setCode(null);
    setQuery({ area: null });
  };
  const name = area && (locale === 'en' && area.properties.nameEn ? area.properties.nameEn : area.properties.name);
  return {
    layerInput: { area: area && code ? area : null },
    mapArea: area && code ? code : null,
    overlay: code !== null && (area || answer.isError) && (
      <div className="area-chip" data-testid="area-chip" data-code={code} role="status">
        <span>{area ? t('area.shown', { name: name ?? code }) : answer.error?.message}</span>
        <button type="button" className="link-button" onClick={clear} data-testid="area-clear">
          {t('area.clear')}
        </button>
      </div>
    ),
  };
}
