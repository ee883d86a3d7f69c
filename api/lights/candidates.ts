import type pg from 'pg';
import type { EpdoWeights } from '../hotspots/epdo';
import { sqlFile } from '../lib/sql-file';
import { withTimeLimit } from '../lib/time-limit';
import type { LightCandidate, Place } from '@shared/lights/light-candidate';

const CANDIDATES_SQL = sqlFile(new URL('./candidates.sql', import.meta.url));

/** A cluster wider than this (m, between its farthest crashes) is a stretch (路段) rather than a spot (点位). */
export const STRETCH_M = 200;

export interface LightCandidateParams {
  from: string;
  to: string;
  /** Metres a light lights: crashes within it of a working light are left out. */
  radius: number;
  eps: number;
  minPoints: number;
  county: string | null;
  township: string | null;
  weights: EpdoWeights;
  /** How many of the ranked places are returned with their details; the rest are only counted. */
  limit: number;
}

export interface LightCandidatesFound {
  /** Every place found, of which `candidates` are the first `limit` in rank order. */
  total: number;
  candidates: LightCandidate[];
}

export type { LightCandidate } from '@shared/lights/light-candidate';

interface SqlRow {
  rank: number; found: number; n: number; fatal: number; injury: number; pdo: number; deaths: number; injuries: number; synthetic: boolean; ids: number[];
  night_epdo: number; extent: number; geometry: unknown; point: [number, number]; county: Place | null; township: Place | null;
  roads: { name: string | null; class: string }[]; total: number; dark_all: number; county_share: number | null; dark_share: number; excess: number | null;
  faulty: number; removed: number; planned: number; hazard: LightCandidate['hazard'];
}

/**
 * Dark clusters on unlit roads with no working light within the radius (candidates.sql), ranked
 * by night EPDO, then by how much more of the place's crashes happen in the dark than the county's
 * usual share, then crashes, then id; the details (the light's point on the road, places, roads,
 * lights near, the hull) only for the first `limit`. Ids are the first crash's, stable for the
 * same data.
 */
export async function findLightCandidates(db: pg.Pool | pg.ClientBase, p: LightCandidateParams): Promise<LightCandidatesFound> {
  const { rows } = await withTimeLimit(
    db,
    (client) => client.query<SqlRow>(CANDIDATES_SQL, [p.from, p.to, p.radius, p.eps, p.minPoints, p.county, p.township, p.weights.fatal, p.weights.injury, p.weights.pdo, p.limit]),
    'search for dark places without a light',
    'narrow the window or the area, or raise minPoints',
  );
  const candidates = rows.map((r): LightCandidate => ({
    rank: r.rank,
    // Its id is its first crash's: the same place keeps it while the window and the data stay.
    id: r.ids[0],
    kind: r.extent > STRETCH_M ? 'stretch' : 'spot',
    geometry: r.geometry as LightCandidate['geometry'],
    point: r.point,
    county: r.county,
    township: r.township,
    roads: r.roads,
    night: { crashes: r.n, fatal: r.fatal, injury: r.injury, pdo: r.pdo, deaths: r.deaths, injuries: r.injuries, epdo: r.night_epdo },
    around: { crashes: r.total, dark: r.dark_all },
    darkShare: r.dark_share,
    countyShare: r.county_share,
    excess: r.excess,
    extent: r.extent,
    lights: { faulty: r.faulty, removed: r.removed, planned: r.planned },
    hazard: r.hazard,
    crashIds: r.ids,
    synthetic: r.synthetic,
  }));
  return { total: rows[0]?.found ?? 0, candidates };
}
