import type { Locale } from '@client/i18n/locale';
import { localName } from '../hazards/hazard-labels';
import { SIGHT_SEVERITIES, type IntersectionFeature, type IntersectionProperties, type SightSeverity } from './sight-types';

/** Where and how bad: one filter for the list and the map. No severity chosen means all. */
export interface SightFilter {
  county: string | null;
  township: string | null;
  severities: readonly SightSeverity[];
}

export const ALL_SIGHT: SightFilter = { county: null, township: null, severities: [] };

/** A deficient intersection without a shortfall in whole metres has no severity from the API: it counts as minor. */
export function severityOf(p: Pick<IntersectionProperties, 'severity' | 'deficient'>): SightSeverity | null {
  return p.severity ?? (p.deficient ? 'minor' : null);
}

/** Those in the chosen county and township, the highest grade score first, then the largest shortfall (the API's order). */
export function inPlace(features: readonly IntersectionFeature[], filter: SightFilter): IntersectionFeature[] {
  return features
    .filter((f) => (!filter.county || f.properties.county?.code === filter.county) && (!filter.township || f.properties.township?.code === filter.township))
    .sort((a, b) => (b.properties.score ?? -1) - (a.properties.score ?? -1) || (b.properties.shortfall ?? 0) - (a.properties.shortfall ?? 0) || a.id - b.id);
}

/**
 * Where an officer's list starts: their brigade (a county's code) or township (nine digits, the
 * first six its county's); null for the city's users.
 */
export function scopeFilter(code: string | null): Pick<SightFilter, 'county' | 'township'> | null {
  if (!code) return null;
  return code.length > 6 ? { county: code.slice(0, 6), township: code } : { county: code, township: null };
}

export function withSeverity(features: readonly IntersectionFeature[], severities: readonly SightSeverity[]): IntersectionFeature[] {
  if (!severities.length) return [...features];
  return features.filter((f) => {
    const s = severityOf(f.properties);
    return s !== null && severities.includes(s);
  });
}

export function countsBySeverity(features: readonly IntersectionFeature[]): Record<SightSeverity, number> {
  const counts = Object.fromEntries(SIGHT_SEVERITIES.map((s) => [s, 0])) as Record<SightSeverity, number>;
  for (const f of features) {
    const s = severityOf(f.properties);
    if (s) counts[s]++;
  }
  return counts;
}

export interface PlaceOption {
  code: string;
  label: string;
  count: number;
}

/** The counties (or, given one, its townships) that have intersections, by code, with how many. */
export function placeOptions(features: readonly IntersectionFeature[], locale: Locale, county: string | null = null): PlaceOption[] {
  const found = new Map<string, PlaceOption>();
  for (const { properties: p } of features) {
    const place = county === null ? p.county : p.county?.code === county ? p.township : null;
    if (!place) continue;
    const option = found.get(place.code) ?? { code: place.code, label: localName(place, locale), count: 0 };
    option.count++;
    found.set(place.code, option);
  }
  return [...found.values()].sort((a, b) => a.code.localeCompare(b.code));
}
