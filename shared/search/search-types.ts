/** What GET /api/search answers (api/search/route.ts), as the search box reads it (client/layers/search). */

/** The longest text the search takes. */
export const SEARCH_MAX_LENGTH = 60;

export const SEARCH_KINDS = ['point', 'hazard', 'county', 'township', 'village', 'road', 'intersection'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** One find: where it is (`at`), the box to fit when it has one, and its shape to draw (a road, an area's outline). */
export interface SearchResult {
  kind: SearchKind;
  /** Its id within its kind: a code, a hazard's id, the road's "ref|name", a coordinate system. */
  key: string;
  name: string;
  nameEn: string | null;
  detail: string | null;
  detailEn: string | null;
  at: [number, number];
  bbox: [number, number, number, number] | null;
  shape: GeoJSON.Geometry | null;
  /** What else the kind tells: a road's ref, class and length; a hazard's status; a village's synthetic position. */
  extra: Record<string, unknown> | null;
}

export interface SearchAnswer {
  q: string;
  results: SearchResult[];
  /** The text read as a coordinate pair (lon, lat), and whether any reading of it lies in Liaocheng; null otherwise. */
  coordinate: { lon: number; lat: number; inLiaocheng: boolean } | null;
}
