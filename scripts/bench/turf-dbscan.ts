/**
 * Child process of the benchmark: turf's `clustersDbscan` on points from a file of float64
 * lon/lat pairs (EPSG:4326), with the clusters endpoint's defaults (50 m, 5 points). Sends one
 * IPC message per run; the parent kills it when it runs past its limit.
 *
 *   node --import tsx scripts/bench/turf-dbscan.ts points.f64 3
 */
import fs from 'node:fs';
import { clustersDbscan, featureCollection, point } from '@turf/turf';

export interface TurfRun {
  type: 'run';
  ms: number;
  clusters: number;
  core: number;
  edge: number;
  noise: number;
}

const [file, runsArg, epsKm = '0.05', minPointsArg = '5'] = process.argv.slice(2);
const bytes = fs.readFileSync(file);
const xy = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
const points = featureCollection(Array.from({ length: xy.length / 2 }, (_, i) => point([xy[2 * i], xy[2 * i + 1]])));

for (let r = 0; r < Number(runsArg ?? 1); r++) {
  const t0 = performance.now();
  // As an app would call it: the input is cloned (mutate: false), distances on the sphere.
  const out = clustersDbscan(points, Number(epsKm), { units: 'kilometers', minPoints: Number(minPointsArg) });
  const ms = performance.now() - t0;
  const ids = new Set<number>();
  const kinds = { core: 0, edge: 0, noise: 0 };
  for (const f of out.features) {
    kinds[f.properties.dbscan ?? 'noise']++;
    if (f.properties.cluster !== undefined) ids.add(f.properties.cluster);
  }
  process.send!({ type: 'run', ms, clusters: ids.size, ...kinds } satisfies TurfRun);
}
process.disconnect();
