import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// On the embedded engine every pool connection shares one PGlite session through the socket
// server; these check that connections still behave as separate sessions.
let pool: pg.Pool;
const table = `concurrency_${process.pid}`;
beforeAll(async () => {
  pool = new pg.Pool({ ...inject('db').connection, max: 4 });
  await pool.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
  await pool.query(`INSERT INTO ${table} VALUES (1)`);
});
afterAll(async () => {
  await pool.query(`DROP TABLE ${table}`);
  await pool.end();
});

describe('concurrent connections', () => {
  it('keep their replies apart while another connection fails inside a transaction', async () => {
    let stop = false;
    const mismatches: string[] = [];
    // Different statements on other connections, all the while.
    const others = [1, 2].map(async (k) => {
      let n = 0;
      while (!stop) {
        const v = k * 100_000 + n++;
        const sql = k === 1 ? 'SELECT $1::int AS v' : `SELECT $1::int AS v, count(*) AS c FROM ${table} WHERE id > $2`;
        const r = await pool.query(sql, k === 1 ? [v] : [v, 0]);
        if (r.rows[0].v !== v) mismatches.push(`${sql}: sent ${v}, got ${JSON.stringify(r.rows[0])}`);
      }
      return n;
    });
    for (let i = 0; i < 20; i++) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await expect(c.query(`INSERT INTO ${table} VALUES ($1)`, [1])).rejects.toThrow(/duplicate key/);
        await c.query('ROLLBACK');
      } finally {
        c.release();
      }
    }
    stop = true;
    const counts = await Promise.all(others);
    expect(mismatches).toEqual([]);
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect((await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n).toBe(1);
  });

  it('never let another connection see a transaction that is rolled back', async () => {
    const a = await pool.connect();
    try {
      await a.query('BEGIN');
      await a.query(`INSERT INTO ${table} VALUES (2)`);
      // Native: runs now and cannot see the row. Embedded: waits for the transaction to end. A
      // query let into the open transaction would count 1.
      const seen = pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE id = 2`);
      await a.query('ROLLBACK');
      expect((await seen).rows[0].n).toBe(0);
    } finally {
      a.release();
    }
  });
});
