import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Where native benchmarks create their throwaway databases. */
export const BENCH_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://changan:changan@127.0.0.1:5432/postgres';

export async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export interface BenchPlace {
  dataDir: string;
  /** The throwaway database of a native run. */
  databaseUrl?: string;
  /** Removes both, or says where they were kept. */
  remove(keep?: boolean): Promise<void>;
}

/** A fresh place for one engine's database: a temp DATA_DIR and, native, a throwaway database named after `name`. */
export async function benchPlace(engine: 'pglite' | 'postgres', name: string): Promise<BenchPlace> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `changan-bench-${name}-`));
  const dbName = `bench_${name}_${process.pid}`;
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName}`);
    await adminQuery(`CREATE DATABASE ${dbName}`);
    const u = new URL(BENCH_ADMIN_URL);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  return {
    dataDir,
    databaseUrl,
    remove: async (keep = false) => {
      if (keep && engine === 'pglite') console.error(`[bench:${name}] kept DATA_DIR=${dataDir}`);
      else fs.rmSync(dataDir, { recursive: true, force: true });
      if (engine !== 'postgres') return;
      if (keep) console.error(`[bench:${name}] kept ${databaseUrl}`);
      else await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}
