/**
 * `npm run bench:sight [-- --engines pglite,postgres --runs 5]`
 *
 * The sight-line analysis at city scale: on a fresh database per engine (embedded: a temp
 * DATA_DIR; native: a throwaway database on BENCH_DATABASE_URL), seeded as the app seeds it
 * (roads, intersections, synthetic obstacles), times in-process, over the app's own pool:
 * rebuilding the intersections from the roads, analysing every intersection, and re-analysing
 * after one obstacle edit (an obstacle lowered, then restored, each in its transaction, as
 * PATCH /api/obstacles does). Medians of `runs`, with a CPU reference (a fixed sort) beside
 * them: this VM's speed drifts. Targets (issue 6): city < 30 s native, < 3 min embedded; one
 * edit < 1 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { analyseSight, buildNetwork } from '@api/intersections/analysis';
import { loadEnv } from '@api/env';
import { prepareDatabase } from '@api/start';

type Engine = 'pglite' | 'postgres';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const engines = arg('engines', 'pglite,postgres').split(',') as Engine[];
const runs = Number(arg('runs', '5'));
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://changan:changan@127.0.0.1:5432/postgres';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds to sort a fixed million numbers: what "fast" means on this machine right now. */
function cpuReference(): number {
  const xs = Array.from({ length: 1_000_000 }, (_, i) => (i * 2654435761) % 1_000_003);
  const t = performance.now();
  xs.sort((a, b) => a - b);
  return performance.now() - t;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
}

async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const value = await fn(c);
    await c.query('COMMIT');
    return value;
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    c.release();
  }
}

async function benchEngine(engine: Engine) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'changan-bench-sight-'));
  const dbName = `bench_sight_${process.pid}`;
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const env = loadEnv({ DATA_DIR: dataDir, SEED_ACCIDENTS: '2000', SEED_DEMO: '0', ...(databaseUrl && { DATABASE_URL: databaseUrl }) });
  const steps: string[] = [];
  const [seedMs, db] = await time(() => prepareDatabase(env, (p) => steps.push(p.step)));
  try {
    const counts = (
      await db.pool.query<{ intersections: number; obstacles: number; triangles: number }>(
        `SELECT (SELECT count(*)::int FROM intersections) AS intersections, (SELECT count(*)::int FROM obstacles) AS obstacles,
                (SELECT count(*)::int FROM sight_triangles) AS triangles`,
      )
    ).rows[0];
    const network: number[] = [];
    const city: number[] = [];
    const edit: number[] = [];
    const refs: number[] = [];
    let deficient = 0;
    // The obstacle edited: one that cuts a triangle (so the edit changes a result).
    const target = (
      await db.pool.query<{ id: number; height: number; g: GeoJSON.Geometry }>(
        `SELECT o.id, o.height::float8 AS height, ST_AsGeoJSON(o.geom)::json AS g FROM obstacles o
         WHERE o.id IN (SELECT unnest(obstacle_ids) FROM sight_triangles) ORDER BY o.id LIMIT 1`,
      )
    ).rows[0];
    for (let i = 0; i < runs; i++) {
      refs.push(cpuReference());
      network.push((await time(() => inTransaction(db.pool, (c) => buildNetwork(c))))[0]);
      const [ms, summary] = await time(() => inTransaction(db.pool, (c) => analyseSight(c)));
      city.push(ms);
      deficient = summary.deficient;
      if (target) {
        for (const height of [0.8, target.height]) {
          edit.push(
            (
              await time(() =>
                inTransaction(db.pool, async (c) => {
                  await c.query(`UPDATE obstacles SET height = $2, version = version + 1 WHERE id = $1`, [target.id, height]);
                  return analyseSight(c, target.g);
                }),
              )
            )[0],
          );
        }
      }
    }
    return {
      engine,
      seedMs,
      steps: steps.filter((s) => /intersections|obstacles|sight/.test(s)),
      ...counts,
      deficient,
      networkMs: median(network),
      cityMs: median(city),
      editMs: edit.length ? median(edit) : null,
      cpuRefMs: median(refs),
    };
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (engine === 'postgres') {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
      await admin.end();
    }
  }
}

const s = (ms: number | null) => (ms === null ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const results = [];
for (const engine of engines) {
  console.error(`[bench:sight] ${engine}…`);
  results.push(await benchEngine(engine));
}
console.log(`\nSight lines, median of ${runs} (${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${new Date().toISOString().slice(0, 10)})\n`);
console.log('| engine | intersections | triangles | obstacles | deficient | network | whole city | one edit | CPU ref |');
console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const r of results) {
  console.log(`| ${r.engine} | ${r.intersections} | ${r.triangles} | ${r.obstacles} | ${r.deficient} | ${s(r.networkMs)} | ${s(r.cityMs)} | ${s(r.editMs)} | ${s(r.cpuRefMs)} |`);
}
fs.mkdirSync('bench-results', { recursive: true });
fs.writeFileSync(path.join('bench-results', `sight-lines-${Date.now()}.json`), JSON.stringify(results, null, 2));
