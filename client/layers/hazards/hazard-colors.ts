import type { Hazard, HazardState } from './hazard-types';

type Rgba = [number, number, number, number];

/** Status by hue along the work's progress: new (blue), handed over (amber), in work (teal), checking (violet), done (grey). */
export const STATUS_COLOR: Record<HazardState, Rgba> = {
  registered: [37, 99, 235, 255],
  assigned: [217, 119, 6, 255],
  rectifying: [13, 148, 136, 255],
  inspecting: [124, 58, 237, 255],
  closed: [120, 128, 140, 255],
};

/** Past its deadline and not closed: a red ring on the map, red text in the list. */
export const OVERDUE_COLOR: Rgba = [220, 38, 38, 255];
const OUTLINE: Rgba = [255, 255, 255, 255];

/** How one hazard's dot is drawn: fill by status, a thick red ring when overdue. */
export function hazardMarker(h: Pick<Hazard, 'status' | 'overdue'>): { fill: Rgba; ring: Rgba; ringWidth: number; radius: number } {
  return h.overdue
    ? { fill: STATUS_COLOR[h.status], ring: OVERDUE_COLOR, ringWidth: 3, radius: 10 }
    : { fill: STATUS_COLOR[h.status], ring: OUTLINE, ringWidth: 1.5, radius: 8 };
}
