import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useAuth } from '@client/auth/auth-provider';
import { areaPadding } from '@client/map/screen-room';
import type { FeatureHost } from '../feature-types';
import { outlineLayer } from './outline-layer';
import { useArea } from './area-focus';

/** The signed-in user's jurisdiction: where they work, and where they may register. */
export interface UserScope {
  code: string;
  name: string;
  /** Whether a point (WGS84) lies in it, as the API's check (its polygon, to 6 decimals). */
  contains(lonLat: [number, number]): boolean;
}

declare module '../feature-types' {
  interface FeatureServices {
    /** The user's county or township once its outline has come; null for the city's users or signed out. */
    userScope: UserScope | null;
  }
}

/** The user's jurisdiction outlined, under the area a link names (the two can differ: a leader's county, a township opened). */
export const scopeLayer = outlineLayer({ id: 'scope', key: 'scope', labelKey: 'layer.scope', legendKey: 'legend.scope', order: 24, color: [15, 118, 110], width: 2 });

/**
 * After sign-in the map goes to the user's county or township and outlines it (once per user; a
 * link with its own camera or area keeps its view, and so does a card open when signing in), and
 * other features may ask whether a point is inside before a form is filled in (the API refuses it
 * anyway).
 */
export function useUserScope(host: FeatureHost) {
  const { user, query, flyTo, locale, selection } = host;
  // Something open on the map (a card) is what the user is looking at: signing in keeps it in view.
  const busy = useRef(false);
  busy.current = selection !== null;
  // The session as the page learns it: undefined until GET /api/auth/me has answered.
  const session = useAuth().user;
  const code = user && user.scope.level !== 'city' ? user.scope.code : null;
  const answer = useArea(code);
  const feature = code ? answer.data?.features.find((f) => f.properties.code === code) ?? null : null;
  // The area the map has gone to (or was kept from going to), as state so the marker follows it.
  const [flown, setFlown] = useState<string | null>(null);
  const viewGiven = useRef(query.has('at') || query.has('area'));
  const decided = useRef(false);
  const kept = useRef<string | null>(null);
  useEffect(() => {
    if (session === undefined || decided.current) return;
    decided.current = true;
    // A link that says where to look (`at`, `area`) keeps its view for the session the page opened
    // with; a sign-in after that goes to the user's area.
    if (session && viewGiven.current) kept.current = session.scope.code;
  }, [session]);
  useEffect(() => {
    if (!feature || !decided.current || flown === feature.properties.code) return;
    setFlown(feature.properties.code);
    if (kept.current !== feature.properties.code && !busy.current) flyTo({ bounds: feature.bbox, padding: areaPadding(), maxZoom: 13 });
  }, [feature, flown, flyTo]);
  const scope = useMemo<UserScope | null>(() => {
    if (!feature) return null;
    const geometry = feature.geometry as Polygon | MultiPolygon;
    return {
      code: feature.properties.code,
      name: locale === 'en' && feature.properties.nameEn ? feature.properties.nameEn : feature.properties.name,
      contains: (lonLat) => booleanPointInPolygon(lonLat, geometry),
    };
  }, [feature, locale]);
  // For the browser tests: whether the map has gone to the user's area yet (none: nothing to go to).
  const state = code === null ? 'none' : feature && flown === code ? 'ready' : 'loading';
  return { layerInput: feature, userScope: scope, marker: <span hidden data-testid="user-scope" data-state={state} data-code={code ?? ''} /> };
}
