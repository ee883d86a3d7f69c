import type { Severity } from '@client/layers/accidents/severity';
import type { ApiConfigResponse } from './api-client';

/** `GET /api/config`, as the API's route types declare it. */
export type AppConfig = ApiConfigResponse;

/** [minLon, minLat, maxLon, maxLat] */
export type Bounds = AppConfig['bounds'];

/** `GET /api/accidents/:id` (api/accidents/get.sql): one accident with its road, county and township. */
export interface AccidentDetailsResponse {
  id: number;
  externalId: string;
  occurredAt: string;
  severity: Severity;
  deaths: number;
  injuries: number;
  vehicleTypes: string[];
  light: string;
  weather: string;
  synthetic: boolean;
  lon: number;
  lat: number;
  roadId: number | null;
  roadName: string | null;
  roadRef: string | null;
  roadClass: string | null;
  countyCode: string | null;
  countyName: string | null;
  townshipCode: string | null;
  townshipName: string | null;
  /** From a brigade's export (docs/API.md, accident import): 地点, 事故形态, 直接财产损失 (yuan), 公里桩号, how it was placed. */
  place: string | null;
  manner: string | null;
  propertyLoss: number | null;
  stake: string | null;
  placedBy: 'coordinates' | 'stake' | null;
  /** The import that wrote it (file, row, who, the day); null for a synthetic or entered record. */
  source: { file: string; row: number | null; by: string; at: string | null } | null;
}
