import { fitNegativeBinomial, predictNb, type NbFit } from '@shared/stats/negative-binomial';
import type pg from 'pg';
import { dataVersions } from '../lib/result-cache';
import { sqlFile } from '../lib/sql-file';

const SPF_DATA_SQL = sqlFile(new URL('./spf-data.sql', import.meta.url));

import type { Target } from '@shared/evaluation/evaluation-types';

export type { Target } from '@shared/evaluation/evaluation-types';

/**
 * Road classes as the segment SPF groups them (village roads the base): five groups rather than
 * eight, so that a class with few crashes of the target (expressways at night) does not carry a
 * coefficient of its own that the data cannot pin down.
 */
const SEGMENT_GROUPS: Record<string, number> = {
  expressway: 1, national: 1, provincial: 1, urban_arterial: 2, county: 3, urban_street: 4, township: 4, village: 0,
};

interface UnitRow {
  kind: 'segment' | 'junction';
  id: number;
  class: string | null;
  urban: boolean;
  length_m: number;
  legs: number;
  major_rank: number | null;
  y: number;
}

/** A segment's covariates: intercept, trunk, arterial, county, street/township, urban; log length (km) is the last. */
function segmentRow(r: Pick<UnitRow, 'class' | 'urban' | 'length_m'>): number[] {
  const g = SEGMENT_GROUPS[r.class ?? 'village'] ?? 0;
  return [1, g === 1 ? 1 : 0, g === 2 ? 1 : 0, g === 3 ? 1 : 0, g === 4 ? 1 : 0, r.urban ? 1 : 0, Math.log(r.length_m / 1000)];
}

/** A junction's covariates: intercept, four or more legs, a trunk road among them (expressway, national, provincial), an arterial or county road, urban. */
function junctionRow(r: Pick<UnitRow, 'legs' | 'major_rank' | 'urban'>): number[] {
  const rank = r.major_rank ?? 8;
  return [1, r.legs >= 4 ? 1 : 0, rank <= 3 ? 1 : 0, rank === 4 || rank === 5 ? 1 : 0, r.urban ? 1 : 0];
}

export interface Spf {
  target: Target;
  /** The window it was fitted on (local dates) and the crashes of the target in it. */
  from: string;
  to: string;
  crashes: number;
  segments: NbFit & { names: string[] };
  junctions: NbFit & { names: string[] };
  /** Expected crashes of the target over the whole window, per unit: segments by road id, junctions by intersection id. */
  segmentMean: Map<number, number>;
  junctionMean: Map<number, number>;
  fittedAt: string;
  ms: number;
}

const cache = new Map<string, Promise<Spf>>();

/** What the fit reads: a write to any of them (data_versions) is a new fit. */
const SPF_TABLES = ['accidents', 'approaches', 'intersections', 'roads'];

/**
 * The safety performance functions of the network for a target, fitted by negative binomial
 * regression (shared/stats/negative-binomial.ts) on every segment and junction over [from, to]:
 * segments on road class group, urban and log length; junctions on legs, the major road's class and
 * urban. Kept until the data change (a new accident, road or junction), per process.
 */
export async function networkSpf(db: pg.Pool | pg.ClientBase, target: Target, from: string, to: string): Promise<Spf> {
  const key = `${target}|${from}|${to}|${await dataVersions(db, SPF_TABLES)}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = fit(db, target, from, to).catch((e) => {
      cache.delete(key);
      throw e;
    });
    // One fit per target is kept: an older one is for data that have changed.
    for (const k of cache.keys()) if (k.startsWith(`${target}|`)) cache.delete(k);
    cache.set(key, pending);
  }
  return pending;
}

async function fit(db: pg.Pool | pg.ClientBase, target: Target, from: string, to: string): Promise<Spf> {
  const started = Date.now();
  const { rows } = await db.query<UnitRow>(SPF_DATA_SQL, [target, from, to]);
  const segments = rows.filter((r) => r.kind === 'segment');
  const junctions = rows.filter((r) => r.kind === 'junction');
  const segFit = fitNegativeBinomial(segments.map(segmentRow), segments.map((r) => r.y));
  const junFit = fitNegativeBinomial(junctions.map(junctionRow), junctions.map((r) => r.y));
  return {
    target, from, to,
    crashes: rows.reduce((s, r) => s + r.y, 0),
    segments: { ...segFit, names: ['intercept', 'trunk', 'arterial', 'county', 'street_township', 'urban', 'log_length_km'] },
    junctions: { ...junFit, names: ['intercept', 'legs4', 'major_trunk', 'major_arterial_county', 'urban'] },
    segmentMean: new Map(segments.map((r) => [r.id, predictNb(segFit, segmentRow(r))])),
    junctionMean: new Map(junctions.map((r) => [r.id, predictNb(junFit, junctionRow(r))])),
    fittedAt: new Date().toISOString(),
    ms: Date.now() - started,
  };
}

/** Forgets every fit (tests that change the network within a transaction). */
export function clearSpfCache() {
  cache.clear();
}
