import type { Gate, Zone } from '@api/schools/school-zone';
import type { AuditItem, AuditResult, SchoolHourLabel } from '@shared/schools/school-terms';

interface Place {
  code: string;
  name: string;
  nameEn: string | null;
}

/** One school in GET /api/schools (docs/API.md, "Schools"). */
export interface SchoolProperties {
  id: number;
  name: string;
  kind: string;
  countyCode: string;
  county: string;
  townshipCode: string | null;
  township: string | null;
  synthetic: boolean;
  gates: number;
  guardPosts: number;
  lastAudit: { id: number; doneOn: string; failed: number } | null;
  /** Open hazards of any type on the zone's roads. */
  openHazards: number;
}

export interface SchoolFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: SchoolProperties;
}

export interface SchoolCollection {
  type: 'FeatureCollection';
  features: SchoolFeature[];
}

/** A gate with its road and nearest intersection, and the zone: the API's own types (api/schools/school-zone.ts). */
export type { Gate, Zone };

export interface AuditEntry {
  item: AuditItem;
  result: AuditResult;
  note?: string | null;
}

export interface Audit {
  id: number;
  schoolId: number;
  doneOn: string;
  doneBy: { username: string; displayName: string } | null;
  items: AuditEntry[];
  failed: number;
  note: string | null;
  synthetic: boolean;
  createdAt: string;
  hazards: { item: AuditItem; hazardId: number; number: string; status: string }[];
}

export interface GuardPost {
  id: number;
  schoolId: number;
  gateId: number;
  gate: string;
  hours: { label: SchoolHourLabel; from: string; to: string }[];
  days: number[];
  staffing: { police: number; auxiliary: number; teachers: number; parents: number };
  note: string | null;
  synthetic: boolean;
  version: number;
}

export interface SchoolDetail {
  id: number;
  name: string;
  kind: string;
  county: Place;
  township: Place | null;
  lon: number;
  lat: number;
  source: string;
  synthetic: boolean;
  version: number;
  gates: Gate[];
  zone: Zone;
  stats: ZoneStats;
  hazards: { open: number; items: unknown[] };
  audits: Audit[];
  guardPosts: GuardPost[];
  mayEdit: boolean;
}

/** Crashes in a school zone in one kind of hours (school hours on school days, or all other hours). */
export interface ZoneCounts {
  crashes: number;
  fatal: number;
  injury: number;
  pdo: number;
  deaths: number;
  injuries: number;
  pedestrians: number;
  ebikes: number;
  epdo: number;
  /** Not recorded in our accident data. */
  children: number | null;
  hours: number;
  /** Crashes per 1000 zone-hours. */
  rate: number;
}

export interface ZoneStats {
  from: string;
  to: string;
  schoolDays: number;
  schoolHours: ZoneCounts;
  otherHours: ZoneCounts;
  rateRatio: number | null;
}

/** GET /api/schools/zones: the comparison of zones with and without a guard post, at school hours. */
export interface ZonesSummary {
  meta: { from: string; to: string; schoolDays: number; rateHours: number };
  guardPosts: {
    with: ZoneCounts & { schools: number };
    without: ZoneCounts & { schools: number };
    rateRatio: number | null;
  };
}
