import type { Feature, FeatureCollection, Geometry } from 'geojson';

/** The three hotspot analyses (事故多发点段), each behind its own API route. */
export type HotspotMethod = 'clusters' | 'segments' | 'grid';
export const HOTSPOT_METHODS: readonly HotspotMethod[] = ['clusters', 'segments', 'grid'];

/** The API's trend label: a rise or fall only when Mann-Kendall finds it at p < 0.05; 'none' otherwise. */
export type TrendLabel = 'new' | 'intensifying' | 'none' | 'diminishing';

/** Accidents by local hour (24, 0 first) and weekday (7, Monday first), and by vehicle type. */
export interface HotspotProfile {
  hour: number[];
  weekday: number[];
  vehicles: { type: string; count: number }[];
}

/** Yearly counts over the periods before and including the window, with a trend test. */
export interface HotspotTrend {
  periods: { from: string; to: string; count: number }[];
  s?: number;
  z?: number;
  p?: number;
  label?: TrendLabel | null;
}

interface SeverityCounts {
  count: number;
  fatal: number;
  injury: number;
  pdo: number;
  deaths: number;
  injuries: number;
  epdo: number;
  /** Null for a window without accidents in the period. */
  nightShare: number | null;
}

/** Optional on every kind: added to the API after the first release. */
interface Extras {
  profile?: HotspotProfile | null;
  trend?: HotspotTrend | null;
}

/** GET /api/hotspots/clusters, one feature's properties (docs/API.md). */
export interface ClusterProperties extends SeverityCounts, Extras {
  rank: number;
  centroid: [number, number];
  topVehicleTypes?: { type: string; count: number }[];
  previous?: { count: number; epdo: number };
  change?: { count: number; percent: number | null };
}

export interface SegmentRule {
  id: string;
  name: string;
  nameEn?: string | null;
  condition: string;
  months?: number;
}

/** GET /api/hotspots/segments, one window along a road. */
export interface SegmentProperties extends SeverityCounts, Extras {
  rank: number;
  road?: { name: string | null; ref: string | null; class: string | null } | null;
  routeId?: string | number;
  start?: number;
  end?: number;
  length?: number;
  centroid?: [number, number];
  rules?: SegmentRule[];
  peak?: { start: number; end: number; count: number; fatal: number; epdo: number } | null;
}

/** GET /api/hotspots/grid, one hexagon with its Getis-Ord Gi* statistic. */
export interface GridCellProperties {
  i: number;
  j: number;
  count: number;
  /** Null where the statistic is undefined (no variation, or a band holding the whole area). */
  gi: number | null;
  /** Null where the API did not test the cell (no accidents and clearly not significant). */
  p: number | null;
  /** −3…+3: cold/hot at 99, 95 and 90 % confidence; 0 not significant. */
  bin: number;
  /** The same bin after the false-discovery-rate correction, when asked for. */
  binFdr?: number;
  neighbours?: number;
}

/** How many hotspots there were, when the API returned only the `limit` top-ranked ones. */
export interface RankedMeta {
  total?: number;
  limit?: number;
}

export interface SegmentsMeta extends RankedMeta {
  rules?: SegmentRule[];
  window?: number | string;
  step?: number | string;
  from?: string;
  to?: string;
}

export interface GridMeta {
  cell?: number;
  distance?: number;
  cells?: number;
  mean?: number;
  sd?: number;
  fdr?: boolean;
  from?: string;
  to?: string;
}

export type ClusterCollection = FeatureCollection<Geometry, ClusterProperties> & { meta?: RankedMeta };
/** Foreign member `meta`: the rules applied and the window actually used. */
export type SegmentCollection = FeatureCollection<Geometry, SegmentProperties> & { meta?: SegmentsMeta };
export type GridCollection = FeatureCollection<Geometry, GridCellProperties> & { meta?: GridMeta };

/**
 * One analysis result, tagged with the method that made it (and so the shape of its features) and
 * the query string it answers.
 */
export type HotspotResult = (
  | { method: 'clusters'; collection: ClusterCollection }
  | { method: 'segments'; collection: SegmentCollection }
  | { method: 'grid'; collection: GridCollection }
) & { search: string };

export type HotspotFeature = Feature<Geometry, ClusterProperties | SegmentProperties | GridCellProperties>;
