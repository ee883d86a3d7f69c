import fs from 'node:fs';
import type pg from 'pg';

export const FIXTURE_YEAR = { from: '2010-01-01', to: '2010-12-31' };

export async function insertFixtures(pool: pg.Pool) {
  await pool.query(fs.readFileSync(new URL('./fixtures.sql', import.meta.url), 'utf8'));
}
