/**
 * Removes the demo world (every synthetic record and the generated road network) from the database
 * the app uses, once real data is in: DATABASE_URL, or the embedded one under DATA_DIR while the
 * app is stopped. Imported and entered records stay; nothing demo is seeded again.
 *
 *   npm run demo:remove -- --yes
 */
import { openDatabase } from '../api/db/engine';
import { migrate } from '../api/db/migrate';
import { loadEnv } from '../api/env';
import { removeDemo } from '../api/seed/remove-demo';

async function main(args: string[]) {
  const env = loadEnv();
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await migrate(db.pool);
    const synthetic = (await db.pool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM accidents WHERE synthetic) + (SELECT count(*) FROM roads WHERE synthetic)
              + (SELECT count(*) FROM hazards WHERE synthetic) + (SELECT count(*) FROM markets WHERE synthetic)
              + (SELECT count(*) FROM schools WHERE synthetic) + (SELECT count(*) FROM lights WHERE synthetic)
              + (SELECT count(*) FROM obstacles WHERE synthetic) AS n`,
    )).rows[0].n;
    if (Number(synthetic) === 0) return 'No demo records: nothing to remove.';
    if (!args.includes('--yes')) {
      throw new Error(`${synthetic} demo records would be removed (synthetic accidents, hazards, markets, schools, lights, obstacles and the generated roads). Run again with --yes: npm run demo:remove -- --yes`);
    }
    const r = await removeDemo(db.pool);
    const parts = Object.entries(r.removed).map(([k, n]) => `${k} ${n}`).join(', ');
    return `Removed the demo records (${parts}); rebuilt: ${r.intersections} intersections, ${r.deficient} with deficient sight lines (${(r.ms / 1000).toFixed(1)} s).`;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (line) => console.log(line),
  (err: Error) => {
    console.error(err.message);
    process.exitCode = 1;
  },
);
