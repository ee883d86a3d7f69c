import type { Rgba } from '../accidents/severity';
import type { SightSeverity } from './sight-types';

/** Severe red, moderate orange, minor yellow: how much of the required distance is missing (≥ ½, ≥ ¼, less). */
export const SIGHT_SEVERITY_COLOR: Record<SightSeverity, Rgba> = {
  severe: [220, 38, 38, 255],
  moderate: [245, 124, 0, 255],
  minor: [234, 179, 8, 255],
};

/** The sight triangles of the open intersection: what a driver sees (green) and what obstacles hide (red). */
export const CLEAR_FILL: Rgba = [34, 197, 94, 70];
export const CLEAR_LINE: Rgba = [22, 163, 74, 255];
export const CUT_FILL: Rgba = [239, 68, 68, 150];
export const CUT_LINE: Rgba = [185, 28, 28, 255];
export const OBSTACLE_FILL: Rgba = [71, 85, 105, 80];
export const OBSTACLE_LINE: Rgba = [30, 41, 59, 255];
