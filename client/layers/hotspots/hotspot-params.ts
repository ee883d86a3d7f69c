import type { AccidentWindow } from '../accidents/accident-filter';
import { SEVERITIES } from '../accidents/severity';
import type { HotspotMethod } from './hotspot-types';

/**
 * What the user typed, as typed: an empty field means "the API's default" and a value out of range
 * goes to the API as it is, so that the API's own message says what is wrong with it.
 */
export interface HotspotParams {
  clusters: { eps: string; minPoints: string };
  segments: { window: string; step: string; rules: string };
  grid: { cell: string; fdr: boolean };
}

export const DEFAULT_PARAMS: HotspotParams = {
  clusters: { eps: '50', minPoints: '5' },
  // Empty: the road type decides (urban 200 m, rural 500 m) and the step follows the window.
  segments: { window: '', step: '', rules: 'default' },
  // FDR on, as the API's default: without it one cell in twenty is "significant" by chance.
  grid: { cell: '500', fdr: true },
};

export type NumericParam = 'eps' | 'minPoints' | 'window' | 'step' | 'cell';

export interface NumericParamSpec {
  min: number;
  max: number;
  unit: 'm' | null;
  /** A slider beside the field; logarithmic where small values need the finer steps. */
  slider: 'log' | 'linear' | null;
}

/** The API's ranges (docs/API.md), for the inputs' min/max and sliders; the API still checks. */
export const NUMERIC_PARAMS: Record<NumericParam, NumericParamSpec> = {
  eps: { min: 5, max: 1000, unit: 'm', slider: 'log' },
  minPoints: { min: 2, max: 1000, unit: null, slider: 'log' },
  window: { min: 50, max: 5000, unit: 'm', slider: null },
  step: { min: 10, max: 1000, unit: 'm', slider: null },
  cell: { min: 100, max: 5000, unit: 'm', slider: 'log' },
};

/** The panel's time and severity filters, shared by every method. */
/** The window and severities an analysis counts over: the accidents panel's. */
export type SharedFilters = AccidentWindow;

/** The query string for one method: the same inputs always give the same string (the cache key). */
export function hotspotSearch(method: HotspotMethod, params: HotspotParams, filters: SharedFilters): string {
  const q = new URLSearchParams();
  if (filters.from) q.set('from', filters.from);
  if (filters.to) q.set('to', filters.to);
  if (filters.severities.length < SEVERITIES.length) {
    q.set('severity', SEVERITIES.filter((s) => filters.severities.includes(s)).join(','));
  }
  const set = (name: string, value: string) => {
    if (value.trim() !== '') q.set(name, value.trim());
  };
  switch (method) {
    case 'clusters':
      set('eps', params.clusters.eps);
      set('minPoints', params.clusters.minPoints);
      break;
    case 'segments':
      set('window', params.segments.window);
      set('step', params.segments.step);
      set('rules', params.segments.rules);
      break;
    case 'grid':
      set('cell', params.grid.cell);
      q.set('fdr', params.grid.fdr ? 'true' : 'false');
      break;
  }
  return q.toString();
}
