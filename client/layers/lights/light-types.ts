import type { LightProgramme, LightStatus, LightType } from '@shared/lights/light-terms';

import type { LightCandidate, Place } from '@shared/lights/light-candidate';

export type { LightCandidate, Place } from '@shared/lights/light-candidate';

/** A light as GET /api/lights lists it (api/lights/list.sql). */
export interface LightProperties {
  id: number;
  type: LightType;
  programme: LightProgramme;
  name: string | null;
  lon: number;
  lat: number;
  county: Place;
  township: Place | null;
  road: { id: number; name: string | null; class: string; lit: boolean } | null;
  status: LightStatus;
  statusOn: string | null;
  installedOn: string | null;
  installedBy: string | null;
  cost: number | null;
  lighting: boolean;
  hazard: { id: number; number: string; status: string } | null;
  source: string;
  synthetic: boolean;
  version: number;
}

export interface LightFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: LightProperties;
}

export interface LightCollection {
  type: 'FeatureCollection';
  features: LightFeature[];
}

export interface LightEvent {
  id: number;
  at: string;
  action: 'create' | 'update' | 'status';
  note: string | null;
  data: Record<string, unknown>;
  actor: string | null;
}

export type LightDetail = LightProperties & { events: LightEvent[] };

export interface LightCandidates {
  from: string;
  to: string;
  params: { radius: number; eps: number; minPoints: number; county: string | null };
  total: number;
  candidates: LightCandidate[];
}
