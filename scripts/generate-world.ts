/**
 * Writes the demo world as GeoJSON for inspection in QGIS or geojson.io:
 *   npx tsx scripts/generate-world.ts --out DIR [--seed N] [--count N]
 * counties, townships, villages, roads and market towns as FeatureCollections; accidents as a
 * FeatureCollection up to 50 000, beyond that as newline-delimited GeoJSON (accidents.ndjson),
 * streamed, so a million accidents never sit in memory.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generateAccidents, generateBaseWorld, marketTowns } from '../data/generator/index';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    count: { type: 'string', default: '20000' },
  },
});
const seed = Number(values.seed);
const count = Number(values.count);
if (!values.out || !Number.isInteger(seed) || !Number.isInteger(count) || count < 0) {
  console.error('usage: npx tsx scripts/generate-world.ts --out DIR [--seed N] [--count N]');
  process.exit(2);
}
const out = values.out;
mkdirSync(out, { recursive: true });

type Geometry = GeoJSON.Geometry | null;
const feature = (geometry: Geometry, properties: Record<string, unknown>) => ({ type: 'Feature', geometry, properties });
const writeCollection = (name: string, features: unknown[]) =>
  writeFileSync(join(out, name), JSON.stringify({ type: 'FeatureCollection', features }));
const point = (c: [number, number]): GeoJSON.Point => ({ type: 'Point', coordinates: c });

let t0 = performance.now();
const world = generateBaseWorld(seed);
console.log(`base world: ${Math.round(performance.now() - t0)} ms`);

writeCollection('counties.geojson', world.counties.map(({ geometry, ...p }) => feature(geometry, p)));
writeCollection('townships.geojson', world.townships.map(({ point: p, ...rest }) => feature(p ? point(p) : null, rest)));
writeCollection('villages.geojson', world.villages.map(({ point: p, ...rest }) => feature(point(p), { ...rest, synthetic: true })));
writeCollection('roads.geojson', world.roads.map(({ coordinates, ...p }) => feature({ type: 'LineString', coordinates }, p)));
writeCollection('market-towns.geojson', marketTowns(world, seed).map(({ point: p, ...rest }) => feature(point(p), { ...rest, synthetic: true })));

t0 = performance.now();
const asLines = count > 50_000;
const stream = createWriteStream(join(out, asLines ? 'accidents.ndjson' : 'accidents.geojson'));
const write = async (text: string) => {
  if (!stream.write(text)) await once(stream, 'drain');
};
if (!asLines) await write('{"type":"FeatureCollection","features":[\n');
let written = 0;
for (const batch of generateAccidents(world, { seed, count })) {
  const lines = batch.map(({ lon, lat, ...p }) => JSON.stringify(feature(point([lon, lat]), { ...p, synthetic: true })));
  await write((asLines ? '' : written > 0 ? ',\n' : '') + lines.join(asLines ? '\n' : ',\n') + (asLines ? '\n' : ''));
  written += batch.length;
}
if (!asLines) await write('\n]}\n');
stream.end();
await once(stream, 'finish');

const byClass = new Map<string, number>();
let vertices = 0;
for (const r of world.roads) {
  byClass.set(r.class, (byClass.get(r.class) ?? 0) + 1);
  vertices += r.coordinates.length;
}
console.log(`accidents: ${written} in ${Math.round(performance.now() - t0)} ms`);
console.log(`counties ${world.counties.length}, townships ${world.townships.length}, villages ${world.villages.length}`);
console.log(`roads ${world.roads.length} (${[...byClass].map(([k, v]) => `${k} ${v}`).join(', ')}), ${vertices} vertices`);
console.log(`written to ${out}`);
