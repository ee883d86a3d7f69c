/** The road classes the analyses know (roads.class), from expressway down to urban street. */
export const ROAD_CLASSES = [
  'expressway', 'national', 'provincial', 'county', 'township', 'village', 'urban_arterial', 'urban_street',
] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

/**
 * OpenStreetMap's `highway=*` as the analyses' classes. Links (ramps) go with their road. Service
 * roads, tracks, paths and the like are not roads the analyses consider: they are left out.
 */
export const OSM_HIGHWAY_CLASSES: Readonly<Record<string, RoadClass>> = {
  motorway: 'expressway',
  motorway_link: 'expressway',
  trunk: 'national',
  trunk_link: 'national',
  primary: 'provincial',
  primary_link: 'provincial',
  secondary: 'county',
  secondary_link: 'county',
  tertiary: 'township',
  tertiary_link: 'township',
  unclassified: 'village',
  residential: 'urban_street',
  living_street: 'urban_street',
};

/**
 * A Chinese route number's class (国道 G, 省道 S, 县道 X, 乡道 Y, 村道 C: G105, S254, X031), or
 * null. Four-digit G and S numbers (G1511, S1) are expressways and keep the class their source gives.
 */
export function refClass(ref: string | null | undefined): RoadClass | null {
  const m = /^\s*([GSXYCgsxyc])(\d{1,3})\b/.exec(ref ?? '');
  if (!m) return null;
  const letter = m[1].toUpperCase();
  if ((letter === 'G' || letter === 'S') && m[2].length < 3) return null;
  return ({ G: 'national', S: 'provincial', X: 'county', Y: 'township', C: 'village' } as const)[letter as 'G'];
}
