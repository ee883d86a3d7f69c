import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listMigrations, migrate } from '../../api/db/migrate';

let pool: pg.Pool;
beforeAll(() => {
  pool = new pg.Pool({ ...inject('db').connection, max: 2 });
});
afterAll(() => pool.end());

describe('migrations', () => {
  it('are numbered, ordered and all recorded once applied', async () => {
    const files = listMigrations();
    expect(files.map((m) => m.version)).toEqual([...files.map((m) => m.version)].sort());
    const recorded = (await pool.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
    expect(recorded).toEqual(files.map((m) => m.version));
  });

  it('apply nothing the second time', async () => {
    expect(await migrate(pool)).toEqual([]);
  });

  it('roll a failing migration back whole and say which one failed', async () => {
    const bad = { version: '9990', name: 'broken', sql: 'CREATE TABLE half_made (id int); SELECT no_such_function();' };
    await expect(migrate(pool, [...listMigrations(), bad])).rejects.toThrow(/Migration 9990_broken failed/);
    const table = await pool.query(`SELECT to_regclass('half_made') AS t`);
    expect(table.rows[0].t).toBeNull();
    const recorded = await pool.query(`SELECT 1 FROM schema_migrations WHERE version = '9990'`);
    expect(recorded.rowCount).toBe(0);
  });
});
