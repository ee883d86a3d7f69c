import { bbox } from '@turf/turf';
import { isMessageKey, type Locale, type Translate } from '@client/i18n/locale';
import type { NearestPlaceFn } from './place-index';
import type {
  ClusterProperties,
  GridCellProperties,
  HotspotFeature,
  HotspotMethod,
  HotspotResult,
  SegmentProperties,
  SegmentRule,
  TrendLabel,
} from './hotspot-types';

/** One line of the ranked list (and of the Excel export). */
export interface HotspotRow {
  key: string;
  rank: number;
  feature: HotspotFeature;
  /** Where it is, in words: a road, or the nearest village or township. */
  place: string;
  /** Segments: the stretch along the road, e.g. "1.2–1.7 km". */
  stretch: string | null;
  centroid: [number, number] | null;
  count: number;
  severity: { fatal: number; injury: number; pdo: number; deaths: number; injuries: number; epdo: number } | null;
  /** Clusters: against the same period a year earlier (同比). */
  change: { count: number; percent: number | null } | null;
  trend: TrendLabel | null;
  /** How many yearly periods the trend was tested over. */
  trendYears: number | null;
  gi: { z: number; p: number; bin: number } | null;
}

export interface RowContext {
  t: Translate;
  locale: Locale;
  nearest: NearestPlaceFn | null;
  useFdr: boolean;
}

/** A stable identity within one result: the rank for clusters and segments, the cell id for the grid. */
export function featureKey(method: HotspotMethod, feature: HotspotFeature): string {
  if (method === 'grid') {
    const p = feature.properties as GridCellProperties;
    return String(feature.id ?? `${p.i}:${p.j}`);
  }
  return String((feature.properties as ClusterProperties).rank ?? feature.id);
}

export function gridBin(p: GridCellProperties, useFdr: boolean): number {
  return useFdr ? (p.binFdr ?? p.bin) : p.bin;
}

function middle(feature: HotspotFeature): [number, number] | null {
  if (!feature.geometry) return null;
  const [w, s, e, n] = bbox(feature);
  return Number.isFinite(w) ? [(w + e) / 2, (s + n) / 2] : null;
}

function placeName(ctx: RowContext, at: [number, number] | null): string {
  if (!at) return ctx.t('details.unknown');
  const found = ctx.nearest?.(at[0], at[1]);
  if (!found) return `${at[0].toFixed(4)}, ${at[1].toFixed(4)}`;
  const name = ctx.locale === 'en' && found.place.nameEn ? found.place.nameEn : found.place.label;
  return found.place.kind === 'village' ? ctx.t('hotspot.near', { name }) : name;
}

export function roadName(ctx: Pick<RowContext, 't'>, road: SegmentProperties['road']): string {
  if (!road) return ctx.t('details.unknown');
  const classKey = `roadClass.${road.class}`;
  const cls = isMessageKey(classKey) ? ctx.t(classKey) : null;
  if (road.name && road.ref && !road.name.includes(road.ref)) return `${road.name}（${road.ref}）`;
  return road.name ?? road.ref ?? cls ?? ctx.t('details.unknown');
}

/** "1.2–1.7 km", or "1.25–1.75 km" when either end needs the finer step; both ends alike. */
function stretch(start: number, end: number): string {
  const digits = start % 100 === 0 && end % 100 === 0 ? 1 : 2;
  return `${(start / 1000).toFixed(digits)}–${(end / 1000).toFixed(digits)} km`;
}

function severityOf(p: ClusterProperties | SegmentProperties): HotspotRow['severity'] {
  return { fatal: p.fatal, injury: p.injury, pdo: p.pdo, deaths: p.deaths, injuries: p.injuries, epdo: p.epdo };
}

/** A row for any feature of the result; `rank` is the list position for grid cells (0 if not listed). */
export function toRow(method: HotspotMethod, feature: HotspotFeature, ctx: RowContext, rank = 0): HotspotRow {
  switch (method) {
    case 'clusters': {
      const p = feature.properties as ClusterProperties;
      const centroid = p.centroid ?? middle(feature);
      return {
        key: featureKey(method, feature),
        rank: p.rank,
        feature,
        place: placeName(ctx, centroid),
        stretch: null,
        centroid,
        count: p.count,
        severity: severityOf(p),
        change: p.change ?? null,
        trend: p.trend?.label ?? null,
        trendYears: p.trend?.periods?.length ?? null,
        gi: null,
      };
    }
    case 'segments': {
      const p = feature.properties as SegmentProperties;
      return {
        key: featureKey(method, feature),
        rank: p.rank,
        feature,
        place: roadName(ctx, p.road),
        stretch: p.start !== undefined && p.end !== undefined ? stretch(p.start, p.end) : null,
        centroid: p.centroid ?? middle(feature),
        count: p.count,
        severity: severityOf(p),
        change: null,
        trend: p.trend?.label ?? null,
        trendYears: p.trend?.periods?.length ?? null,
        gi: null,
      };
    }
    case 'grid': {
      const p = feature.properties as GridCellProperties;
      const centre = middle(feature);
      return {
        key: featureKey(method, feature),
        rank,
        feature,
        place: placeName(ctx, centre),
        stretch: null,
        centroid: centre,
        count: p.count,
        severity: null,
        change: null,
        trend: null,
        trendYears: null,
        gi: { z: p.gi ?? 0, p: p.p ?? 1, bin: gridBin(p, ctx.useFdr) },
      };
    }
  }
}

/**
 * The result as ranked rows: clusters and segments by the API's rank, significant grid hot cells by
 * their crashes.
 * The grid list holds hot cells that had accidents themselves: Gi* is a neighbourhood statistic,
 * so an empty cell beside a busy one can be "hot", which reads as nonsense in a list of places
 * (the map still colours it).
 */
export function hotspotRows(result: HotspotResult, ctx: RowContext): HotspotRow[] {
  const features = result.collection.features as HotspotFeature[];
  if (result.method === 'grid') {
    // Among the significant cells, the one with the most crashes first: Gi* says where crashes are
    // not chance, the count says where a visit finds the most (a 3-crash cell in a quiet county can
    // have the highest z). Ties by z.
    const props = (f: HotspotFeature) => f.properties as GridCellProperties;
    return features
      .filter((f) => gridBin(props(f), ctx.useFdr) > 0 && props(f).count > 0)
      .sort((a, b) => props(b).count - props(a).count || (props(b).gi ?? 0) - (props(a).gi ?? 0))
      .map((f, i) => toRow('grid', f, ctx, i + 1));
  }
  return features.map((f) => toRow(result.method, f, ctx)).sort((a, b) => a.rank - b.rank);
}

/** A segment rule's name in the UI's language (the API names each in both). */
export function ruleName(rule: SegmentRule, locale: Locale): string {
  return locale === 'en' && rule.nameEn ? rule.nameEn : rule.name;
}

const pValue = (p: number) => (p < 0.001 ? '<0.001' : p.toFixed(3));

/** The numbers of a row in one line: "12 起 · 死亡 1 人 · EPDO 45", or Gi* and p for a cell. */
export function rowStats(row: HotspotRow, t: Translate): string {
  if (row.gi) return t('hotspot.row.grid', { count: row.count, z: row.gi.z.toFixed(2), p: pValue(row.gi.p) });
  return t('hotspot.row.stats', { count: row.count, deaths: row.severity?.deaths ?? 0, epdo: row.severity?.epdo ?? 0 });
}
