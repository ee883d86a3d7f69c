import type { HazardAction, HazardState } from '@api/hazards/state-machine';
import type { HAZARD_TYPES, RISK_LEVELS } from '@api/hazards/store';

export { HAZARD_ACTIONS, HAZARD_STATES, type HazardAction, type HazardState } from '@api/hazards/state-machine';
export { HAZARD_TYPES, RISK_LEVELS } from '@api/hazards/store';

export type HazardType = (typeof HAZARD_TYPES)[number];
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** One hazard as the API shows it (docs/API.md, "The hazard ledger"). */
export interface Hazard {
  id: number;
  number: string;
  type: HazardType;
  description: string;
  risk: RiskLevel;
  roadName: string | null;
  lon: number;
  lat: number;
  county: { code: string; name: string; nameEn: string | null };
  township: { code: string; name: string; nameEn: string | null } | null;
  status: HazardState;
  resolution: 'rectified' | 'invalid' | 'duplicate' | null;
  /** The market a 马路市场 hazard names, and how closing it settled the market. */
  marketId: number | null;
  marketResolution: MarketResolution | null;
  /** The market a 马路市场 hazard names: its name and status now. */
  market: { id: number; name: string; status: 'active' | 'regulated' | 'relocated' | 'closed' } | null;
  duplicateOf: number | null;
  unit: { code: string; name: string; nameEn: string | null; kind: string } | null;
  deadline: string | null;
  /** The deadline the unit asked for (申请延期), while the brigade has not answered. */
  extensionTo: string | null;
  overdue: boolean;
  plan: string | null;
  noticeNo: string | null;
  /** The brigade's own number from an imported ledger (原编号). */
  externalNo: string | null;
  measures: string | null;
  foundOn: string;
  reporter: { username: string; displayName: string };
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  version: number;
  synthetic: boolean;
}

export interface HazardEvent {
  id: number;
  at: string;
  action: HazardAction | 'register' | 'edit' | 'photos';
  from: HazardState | null;
  to: HazardState;
  note: string | null;
  /** What the action set: unitCode, deadline, plan, measures, …; for an edit, the changed fields. */
  data: Record<string, unknown>;
  actor: { username: string; displayName: string; role: string };
  /** Ids of the photos this event uploaded or named (see `HazardDetail.attachments`). */
  attachments?: number[];
}

/** A photo of a hazard (`POST /api/hazards/:id/attachments`). */
export interface Photo {
  id: number;
  filename: string;
  contentType: string;
  bytes: number;
  width: number;
  height: number;
  eventId: number | null;
  url: string;
  thumbUrl: string;
  uploadedAt: string;
  uploadedBy: { username: string; displayName: string };
}

/** `GET /api/hazards/:id`: the hazard, its timeline, and what this user may do now. */
export interface HazardDetail extends Hazard {
  events: HazardEvent[];
  attachments: Photo[];
  allowedActions: HazardAction[];
  /** Whether this user may add photos now (the brigade's officers, admins, the assigned unit; not once closed). */
  mayAddPhotos: boolean;
}

export interface HazardFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Hazard;
}

/** `GET /api/hazards?format=geojson`. */
export interface HazardCollection {
  type: 'FeatureCollection';
  features: HazardFeature[];
  meta: { total: number; overdue: number; page: number; pageSize: number };
}

/** An open hazard of the same type near a new one (409 possible_duplicate). */
export interface DuplicateHazard extends Hazard {
  distance: number;
}

/** How closing a 马路市场 hazard settles its market: 取缔, 搬迁 (to a new site), 规范. */
export type MarketResolution = 'closed' | 'relocated' | 'regulated';
export const MARKET_RESOLUTIONS: readonly MarketResolution[] = ['closed', 'relocated', 'regulated'];
