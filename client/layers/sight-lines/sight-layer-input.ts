import type { IntersectionFeature } from './sight-types';

/** The open intersection's shapes as GeoJSON features, built once per detail read. */
export interface SightShapes {
  triangles: GeoJSON.Feature<GeoJSON.Polygon>[];
  cuts: GeoJSON.Feature<GeoJSON.MultiPolygon>[];
  obstacles: GeoJSON.Feature<GeoJSON.Polygon>[];
}

/** What the sight-line layer draws: the filtered deficient intersections and the open one. */
export interface SightLayerInput {
  /** In drawing order: the worst last, so on top. */
  features: readonly IntersectionFeature[];
  /** The open intersection's point (it may be filtered out of `features`, or not deficient). */
  selected: [number, number] | null;
  shapes: SightShapes | null;
  /** The vertices of an obstacle being drawn (「添加遮挡物」), in click order; empty when not drawing. */
  draft: readonly [number, number][];
  onPick(feature: IntersectionFeature): void;
}
