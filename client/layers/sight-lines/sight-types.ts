import type { SEVERITIES } from '@api/intersections/route';
import type { OBSTACLE_TYPES } from '@shared/obstacles/obstacle-columns';

export type SightSeverity = (typeof SEVERITIES)[number];
export type ObstacleType = (typeof OBSTACLE_TYPES)[number];
export type IntersectionKind = 'corner' | 'three' | 'four' | 'multi';

/** Most severe first: the legend's, the chips' and the colours' order (the API's SEVERITIES). */
export const SIGHT_SEVERITIES: readonly SightSeverity[] = ['severe', 'moderate', 'minor'];

interface Place {
  code: string;
  name: string;
  nameEn: string | null;
}

/** One intersection in GET /api/intersections (docs/API.md, "Sight lines"); metres are its worst leg's. */
export interface IntersectionProperties {
  id: number;
  kind: IntersectionKind;
  legs: number;
  county: Place | null;
  township: Place | null;
  deficient: boolean | null;
  severity: SightSeverity | null;
  method: 'ssd' | 'isd' | null;
  required: number | null;
  available: number | null;
  shortfall: number | null;
  obstructedShare: number | null;
  analysedAt: string | null;
  /** The approaches' road names, each once. */
  roads: string[];
}

export interface IntersectionFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: IntersectionProperties;
}

export interface IntersectionCollection {
  type: 'FeatureCollection';
  features: IntersectionFeature[];
}

export interface Approach {
  leg: number;
  roadId: number;
  roadName: string | null;
  roadClass: string;
  /** Degrees clockwise from north, from the intersection outwards. */
  bearing: number;
  designSpeed: number;
  standard: 'highway' | 'urban';
  /** Null for an approach no triangle measured. */
  required: number | null;
  available: number | null;
}

export interface SightTriangle {
  legA: number;
  legB: number;
  requiredA: number;
  requiredB: number;
  availableA: number;
  availableB: number;
  area: number;
  obstructedShare: number;
  obstacleIds: number[];
  geometry: GeoJSON.Polygon;
  /** The part obstacles taller than the eye cover, or null when the triangle is clear. */
  cut: GeoJSON.MultiPolygon | null;
}

export interface ObstacleProperties {
  id: number;
  type: ObstacleType;
  height: number;
  source: string;
  observedOn: string | null;
  note: string | null;
  synthetic: boolean;
  version: number;
  updatedAt: string;
}

export interface ObstacleFeature {
  type: 'Feature';
  id: number;
  geometry: GeoJSON.Polygon;
  properties: ObstacleProperties;
}

/** GET /api/intersections/:id. */
export interface IntersectionDetail extends IntersectionProperties {
  lon: number;
  lat: number;
  approaches: Approach[];
  triangles: SightTriangle[];
  obstacles: ObstacleFeature[];
}
