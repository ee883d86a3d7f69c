import type { Effect } from '../stats/before-after';

/** What GET /api/evaluation answers (api/evaluation/evaluate.ts), for the API and the client alike. */

/** Crashes a before/after evaluation counts: in the dark (lights) or all of them (any other treatment). */
export type Target = 'night' | 'all';

/** A treated site: a light, a closed hazard, or a place and day given by hand. */
export interface TreatedSite {
  key: string;
  /** A point, or the points of several lights put up along one stretch (their crashes counted once). */
  geometry: { type: 'Point'; coordinates: number[] } | { type: 'MultiPoint'; coordinates: number[][] };
  /** The day of the treatment (local): a light put up, a hazard closed. */
  date: string;
  label?: string;
  /** The lights a light site is made of. */
  lights?: number[];
}

export interface Windows {
  before: { from: string; to: string };
  after: { from: string; to: string };
}

export interface SiteResult extends TreatedSite {
  county: string | null;
  windows: Windows;
  /** Both windows lie within the data; a site whose don't is listed but not counted. */
  fits: boolean;
  before: number;
  after: number;
  dayBefore: number;
  dayAfter: number;
  comparison: { before: number; after: number };
  /** The SPF's prediction for the site's windows (scaled by the city's crashes in each), and the EB expectation. */
  predicted: { before: number; after: number } | null;
  expected: { before: number; after: number; weight: number } | null;
}

export interface Evaluation {
  target: Target;
  radius: number;
  years: number;
  data: { from: string; to: string };
  sites: SiteResult[];
  /** Sites counted (their windows lie within the data). */
  counted: number;
  methods: Effect[];
  spf: { from: string; to: string; segments: { k: number; n: number; coefficients: Record<string, number> }; junctions: { k: number; n: number; coefficients: Record<string, number> } } | null;
  ms: number;
}
