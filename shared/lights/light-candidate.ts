/** A dark place without a light, as GET /api/lights/candidates answers it (api/lights/candidates.ts). */

export interface Place {
  code: string;
  name: string;
  nameEn: string | null;
}

export interface LightCandidate {
  rank: number;
  id: number;
  kind: 'spot' | 'stretch';
  /** The crashes' area (their hull, 20 m wide), WGS84. */
  geometry: GeoJSON.Geometry;
  /** Where a light would go: the nearest road's point to the crashes' centre. */
  point: [number, number];
  county: Place | null;
  township: Place | null;
  roads: { name: string | null; class: string }[];
  /** Crashes in the dark on the unlit road no light reaches, in the window. */
  night: { crashes: number; fatal: number; injury: number; pdo: number; deaths: number; injuries: number; epdo: number };
  /** All crashes of the window within 50 m of them, and those in the dark (lit or not). */
  around: { crashes: number; dark: number };
  /** Share of `around` in the dark; the county's usual share; their ratio (how much more this place's crashes happen at night). */
  darkShare: number;
  countyShare: number | null;
  excess: number | null;
  extent: number;
  /** Lights within the radius that do not light it now. */
  lights: { faulty: number; removed: number; planned: number };
  /** An open 照明缺失 hazard already registered within the radius. */
  hazard: { id: number; number: string; status: string } | null;
  crashIds: number[];
  synthetic: boolean;
}
