import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '@api/db/transaction';
import { saveInBatches, type RowReport } from '@api/lib/row-import';
import { runWithJob } from '@api/lib/request-context';
import { createTestApp } from '../support/test-app';

/**
 * Rows saved while the sheet is still being read (the accident import): as a job, nothing is
 * committed until the whole file has been read, so a file refused on its way saves nothing; after
 * that each batch is committed. And a night without 照明条件 is lit as the road it snaps to.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
const TABLE = `stream_rows_${process.pid}_${Date.now().toString(36)}`;
const TAG = `IS${Date.now().toString(36).toUpperCase()}`;

beforeAll(async () => {
  t = await createTestApp();
  await t.pool.query(`CREATE TABLE ${TABLE} (n integer PRIMARY KEY)`);
});
afterAll(async () => {
  await t.pool.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await t.pool.query(`DELETE FROM accidents WHERE external_id LIKE $1`, [`${TAG}%`]);
  await t.close();
});

/** Rows 0 … n − 1 as a slow reader gives them (a pause every `pauseEvery`), failing at `failAt`. */
async function* numbers(n: number, failAt = -1, pauseEvery = 50): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    if (i === failAt) throw new Error(`the file is cut short at row ${i}`);
    if (i % pauseEvery === 0) await new Promise((resolve) => setImmediate(resolve));
    yield i;
  }
}

const count = async () => Number((await t.pool.query(`SELECT count(*) AS n FROM ${TABLE}`)).rows[0].n);

/** Runs the save as a job does (each batch may be committed), reporting progress into `progress`. */
function asJob(rows: AsyncIterable<number>, progress: [number, number][], onBatch?: (batch: number[]) => Promise<void>) {
  return runWithJob(
    1,
    (done, total) => progress.push([done, total]),
    () =>
      withTransaction(t.pool, (client) =>
        saveInBatches(client, rows, 100, async (batch): Promise<RowReport[]> => {
          await onBatch?.(batch);
          await client.query(`INSERT INTO ${TABLE} (n) SELECT unnest($1::int[])`, [batch]);
          return batch.map((n) => ({ row: n, status: 'saved' }));
        }),
      ),
  );
}

describe('saveInBatches', () => {
  it('saves every row in order and ends with the progress at the total', async () => {
    const progress: [number, number][] = [];
    const out = await asJob(numbers(1050), progress);
    expect(out.map((r) => r.row)).toEqual(Array.from({ length: 1050 }, (_, i) => i));
    expect(await count()).toBe(1050);
    expect(progress.at(-1)).toEqual([1050, 1050]);
    // Never more done than read.
    expect(progress.every(([done, total]) => done <= total)).toBe(true);
    await t.pool.query(`DELETE FROM ${TABLE}`);
  });

  it('commits nothing of a file refused on its way, though batches were written before', async () => {
    const progress: [number, number][] = [];
    let written = 0;
    await expect(asJob(numbers(1050, 730), progress, async () => void written++)).rejects.toThrow('cut short at row 730');
    expect(written).toBeGreaterThan(0);
    expect(await count()).toBe(0);
  });

  it('commits each batch once the file has been read, and none before', async () => {
    // The reader stops after 300 rows until the third batch is being written; the fifth batch waits
    // for the reading to have ended. Each batch notes the transaction it is written in.
    let third!: () => void;
    const thirdWritten = new Promise<void>((resolve) => (third = resolve));
    let readEnded!: () => void;
    const ended = new Promise<void>((resolve) => (readEnded = resolve));
    async function* gated() {
      for await (const n of numbers(600)) {
        if (n === 300) await thirdWritten;
        yield n;
      }
      readEnded();
    }
    const xacts: string[] = [];
    const out = await runWithJob(
      1,
      () => undefined,
      () =>
        withTransaction(t.pool, (c) =>
          saveInBatches(c, gated(), 100, async (batch): Promise<RowReport[]> => {
            xacts.push(String((await c.query(`SELECT txid_current() AS x`)).rows[0].x));
            if (xacts.length === 3) third();
            if (xacts.length === 5) await ended;
            await c.query(`INSERT INTO ${TABLE} (n) SELECT unnest($1::int[])`, [batch]);
            return batch.map((n) => ({ row: n, status: 'saved' }));
          }),
        ),
    );
    expect(out).toHaveLength(600);
    expect(await count()).toBe(600);
    expect(new Set(xacts.slice(0, 3)).size).toBe(1);
    // After the fifth batch (the reading over) a commit: the sixth is in a transaction of its own.
    expect(xacts[5]).not.toBe(xacts[4]);
    expect(xacts[5]).not.toBe(xacts[0]);
    await t.pool.query(`DELETE FROM ${TABLE}`);
  });

  it('stops on a batch that fails, and the reading stops with it', async () => {
    let read = 0;
    async function* counted() {
      for await (const n of numbers(100_000, -1, 10)) {
        read++;
        yield n;
      }
    }
    await expect(
      asJob(counted(), [], async (batch) => {
        if (batch[0] === 200) throw new Error('the database refused batch 3');
      }),
    ).rejects.toThrow('batch 3');
    expect(read).toBeLessThan(100_000);
    expect(await count()).toBe(0);
  });
});

describe('a night without 照明条件', () => {
  it('is lit as the road it snaps to is', async () => {
    const road = async (lit: boolean) =>
      (await t.pool.query(`SELECT id, ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT id, ST_LineInterpolatePoint(geom, 0.5) AS p FROM roads WHERE lit = $1 ORDER BY id LIMIT 1) r`, [lit])).rows[0];
    const [lit, unlit] = [await road(true), await road(false)];
    expect(lit && unlit).toBeTruthy();
    const rows = (
      await t.pool.query(
        `INSERT INTO accidents (external_id, occurred_at, severity, light, geom)
         VALUES ($1, '2002-03-04 22:00+08', 'pdo', 'dark', ST_SetSRID(ST_MakePoint($2, $3), 4326)),
                ($4, '2002-03-04 22:00+08', 'pdo', 'dark', ST_SetSRID(ST_MakePoint($5, $6), 4326)),
                ($7, '2002-03-04 22:00+08', 'pdo', 'dark_unlit', ST_SetSRID(ST_MakePoint($2, $3), 4326))
         RETURNING external_id, light, snap_road_id`,
        [`${TAG}-lit`, lit.lon, lit.lat, `${TAG}-unlit`, unlit.lon, unlit.lat, `${TAG}-said`],
      )
    ).rows;
    expect(rows).toEqual([
      { external_id: `${TAG}-lit`, light: 'dark_lit', snap_road_id: lit.id },
      { external_id: `${TAG}-unlit`, light: 'dark_unlit', snap_road_id: unlit.id },
      // What the record says stays.
      { external_id: `${TAG}-said`, light: 'dark_unlit', snap_road_id: lit.id },
    ]);
  });
});
