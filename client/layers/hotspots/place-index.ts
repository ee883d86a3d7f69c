/** A place label point from `GET /api/places`. */
export interface PlacePoint {
  lon: number;
  lat: number;
  /** The map label (宋小屯村, not 宋小屯村村委会). */
  label: string;
  nameEn: string | null;
  kind: 'township' | 'village';
}

export interface NearestPlace {
  place: PlacePoint;
  metres: number;
}

const CELL_DEG = 0.02; // ≈ 2 km: a village within VILLAGE_RADIUS is in the 3 × 3 cells around
const VILLAGE_RADIUS_M = 1500;
const M_PER_DEG = 111_320;

function metres(a: { lon: number; lat: number }, lon: number, lat: number): number {
  const dx = (a.lon - lon) * Math.cos((lat * Math.PI) / 180);
  const dy = a.lat - lat;
  return Math.hypot(dx, dy) * M_PER_DEG;
}

const cellKey = (lon: number, lat: number) => `${Math.floor(lon / CELL_DEG)}:${Math.floor(lat / CELL_DEG)}`;

/**
 * Names a hotspot the way an officer would say it: the nearest village within 1.5 km, else the
 * nearest township seat. Villages sit in a 2 km bucket grid so a result of hundreds of hotspots is
 * named in a few milliseconds.
 */
export function buildPlaceIndex(places: readonly PlacePoint[]) {
  const villages = new Map<string, PlacePoint[]>();
  const townships: PlacePoint[] = [];
  for (const p of places) {
    if (p.kind === 'township') {
      townships.push(p);
      continue;
    }
    const key = cellKey(p.lon, p.lat);
    const bucket = villages.get(key);
    if (bucket) bucket.push(p);
    else villages.set(key, [p]);
  }

  return function nearest(lon: number, lat: number): NearestPlace | null {
    let best: NearestPlace | null = null;
    const cx = Math.floor(lon / CELL_DEG);
    const cy = Math.floor(lat / CELL_DEG);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const p of villages.get(`${cx + dx}:${cy + dy}`) ?? []) {
          const m = metres(p, lon, lat);
          if (m <= VILLAGE_RADIUS_M && (!best || m < best.metres)) best = { place: p, metres: m };
        }
      }
    }
    if (best) return best;
    for (const p of townships) {
      const m = metres(p, lon, lat);
      if (!best || m < best.metres) best = { place: p, metres: m };
    }
    return best;
  };
}

export type NearestPlaceFn = ReturnType<typeof buildPlaceIndex>;
