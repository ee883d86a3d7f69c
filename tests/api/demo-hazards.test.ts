import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDemoHazards } from '../../api/seed/demo-hazards';
import { createTestApp } from '../support/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the synthetic demo ledger', () => {
  it('places hazards on roads inside their county with an event log that ends in their state (rolled back)', async () => {
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      const n = await insertDemoHazards(client, 20261124, 60, 40);
      expect(n).toBeGreaterThan(85);
      const rows = await client.query(
        `SELECT h.id, h.status, h.synthetic, h.unit_id, h.resolution, h.version,
                ST_Within(h.geom, c.geom) AS inside,
                (SELECT array_agg(e.from_status ORDER BY e.id) FROM hazard_events e WHERE e.hazard_id = h.id) AS froms,
                (SELECT array_agg(e.to_status ORDER BY e.id) FROM hazard_events e WHERE e.hazard_id = h.id) AS tos
         FROM hazards h JOIN jurisdictions c ON c.code = h.county_code
         WHERE h.synthetic`,
      );
      expect(rows.rowCount).toBe(n);
      for (const h of rows.rows) {
        expect(h.inside).toBe(true);
        expect(h.tos.at(-1)).toBe(h.status);
        expect(h.froms[0]).toBeNull();
        for (let i = 1; i < h.tos.length; i++) expect(h.froms[i]).toBe(h.tos[i - 1]);
        expect(h.version).toBe(h.tos.length);
      }
      const states = new Set(rows.rows.map((h) => h.status));
      expect(states.size).toBeGreaterThanOrEqual(4);
      // The ledger's past: hazards found years before the newest accident, closed as rectified then.
      const past = await client.query<{ year: number; n: number }>(
        `SELECT extract(year FROM closed_at AT TIME ZONE 'Asia/Shanghai')::int AS year, count(*)::int AS n FROM hazards
         WHERE synthetic AND resolution = 'rectified' AND closed_at < (SELECT max(occurred_at) FROM accidents) - interval '1 year'
         GROUP BY 1 ORDER BY 1`,
      );
      expect(past.rows.reduce((s, r) => s + r.n, 0)).toBeGreaterThan(25);
      expect(past.rows.length).toBeGreaterThanOrEqual(3);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
