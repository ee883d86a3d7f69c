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
  /** The grade's score (null: not graded, e.g. not deficient); the list comes highest first. */
  score: number | null;
  /** Crashes within the grade's radius and window when graded. */
  crashes: number | null;
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

/** Why a corner has its severity: each factor's value and points (docs/API.md, "How a corner is graded"). */
export interface SightGrade {
  score: number;
  /** The scores at which a corner is severe, moderate (below: minor). */
  severeAt: number;
  moderateAt: number;
  /** The worst leg's shortfall ÷ what it required. */
  share: number;
  sharePoints: number;
  /** Design speed (km/h) of the fastest approach that cannot be seen far enough along. */
  hiddenSpeed: number | null;
  speedPoints: number;
  crashes: number;
  casualtyCrashes: number;
  crashPoints: number;
}

/** A crash near the intersection, in the grade's radius and window. */
export interface NearAccident {
  id: number;
  externalId: string;
  occurredAt: string;
  severity: 'fatal' | 'injury' | 'pdo';
  deaths: number;
  injuries: number;
  /** Metres from the intersection. */
  distance: number;
}

/** GET /api/intersections/:id. */
export interface IntersectionDetail extends IntersectionProperties {
  lon: number;
  lat: number;
  approaches: Approach[];
  triangles: SightTriangle[];
  obstacles: ObstacleFeature[];
  grade: SightGrade | null;
  /** Which crashes count (and are listed): within `radius` m, from the day after `from` to `to` (local dates; null without accidents). */
  crashWindow: { from: string | null; to: string | null; radius: number; years: number };
  /** Newest first. */
  accidents: NearAccident[];
}
