import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineFrom, marketBody, marketSites } from '../support/market-sites';
import { signInAll, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * Who may write markets: every role × write × own or other brigade, against markets of 东阿 (as
 * tests/api/authorisation.test.ts does for the ledger). Officers of the market's brigade and admins
 * may; leaders read; liaisons answer hazards, not markets; 临清's officer is elsewhere.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
const WHO = ['admin', 'leader', 'officer.donge', 'officer.linqing', 'liaison.jiaotong', 'anonymous'] as const;
type Who = (typeof WHO)[number];
let clients: Record<Who, Client>;
let sites: [number, number][];
let nearRoad: [number, number];

beforeAll(async () => {
  t = await createTestApp();
  clients = await signInAll(t.app, WHO);
  sites = await marketSites(t.pool, '371524', 2, 8101);
  [nearRoad] = await marketSites(t.pool, '371524', 1, 8105, { nearRoad: true });
});
afterAll(() => t?.close());

/** A market of 东阿 made directly in the database, for a write to change. */
async function newMarket(): Promise<number> {
  const g = await lineFrom(t.pool, sites[1], 200);
  const r = await t.pool.query(
    `INSERT INTO markets (name, geom, calendar, days, hours_from, hours_to, source)
     VALUES ('授权测试集', ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 'lunar', '{5,10,15,20,25,30}', '06:00', '11:00', 'test') RETURNING id`,
    [JSON.stringify(g)],
  );
  return r.rows[0].id;
}

async function upload(c: Client, content: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([new TextEncoder().encode(content)], '集市.csv'));
  const headers: Record<string, string> = c.cookie ? { cookie: c.cookie, 'x-csrf-token': c.csrf } : {};
  return t.app.request('/api/markets/import', { method: 'POST', headers, body: form });
}

const WRITE = { admin: 201, leader: 403, 'officer.donge': 201, 'officer.linqing': 403, 'liaison.jiaotong': 403, anonymous: 401 };
const CHANGE = { ...WRITE, admin: 200, 'officer.donge': 200 };

const MATRIX: { name: string; call: (c: Client) => Promise<Response>; expect: Record<Who, number> }[] = [
  { name: 'POST /api/markets (a stretch in 东阿)', call: async (c) => c.send('POST', '/api/markets', await marketBody(t.pool, sites[0], { name: `授权 ${c.username}` })), expect: WRITE },
  { name: 'PATCH /api/markets/:id', call: async (c) => c.send('PATCH', `/api/markets/${await newMarket()}`, { version: 1, name: `改 ${c.username}` }), expect: CHANGE },
  {
    name: 'POST /api/markets/:id/status',
    call: async (c) => c.send('POST', `/api/markets/${await newMarket()}/status`, { version: 1, status: 'closed', statusOn: '2025-12-01', note: '取缔' }),
    expect: CHANGE,
  },
  {
    // 临清's officer may import, but the row in 东阿 is refused (below).
    name: 'POST /api/markets/import (a row in 东阿)',
    call: (c) => upload(c, `name,calendar,days,hours_from,hours_to,lon,lat\n导入 ${c.username},lunar,"5,10",06:00,11:00,${nearRoad[0]},${nearRoad[1]}\n`),
    expect: { ...CHANGE, 'officer.linqing': 200 },
  },
];

describe.each(MATRIX)('$name', ({ call, expect: expected }) => {
  it.each(WHO.map((who) => ({ who, status: expected[who] })))('$who → $status', async ({ who, status }) => {
    const res = await call(clients[who]);
    expect(res.status, await res.clone().text()).toBe(status);
  });
});

describe('what a refusal leaves behind', () => {
  it('rejects the row of another brigade in an import by 临清, and saves nothing of it', async () => {
    const res = await upload(clients['officer.linqing'], `name,calendar,days,hours_from,hours_to,lon,lat\n越界集,lunar,"5,10",06:00,11:00,${nearRoad[0]},${nearRoad[1]}\n`);
    expect(await res.json()).toMatchObject({ saved: 0, rejected: 1, rows: [{ row: 2, field: 'lon', rule: 'scope', reason: expect.stringMatching(/outside 临清市/) }] });
    const imported = await t.pool.query(`SELECT array_agg(name ORDER BY name) AS names FROM markets WHERE name LIKE '导入 %' OR name = '越界集'`);
    expect(imported.rows[0].names).toEqual(['导入 admin', '导入 officer.donge']);
  });

  it('saves nothing for those refused: markets and events only of those allowed', async () => {
    const r = await t.pool.query(
      `SELECT array_agg(DISTINCT m.name ORDER BY m.name) FILTER (WHERE m.name LIKE '授权 %') AS created,
              array_agg(DISTINCT u.username ORDER BY u.username) AS actors
       FROM market_events e JOIN markets m ON m.id = e.market_id JOIN users u ON u.id = e.actor_id
       WHERE m.name LIKE '授权%' OR m.name LIKE '改 %'`,
    );
    expect(r.rows[0]).toEqual({ created: ['授权 admin', '授权 officer.donge'], actors: ['admin', 'officer.donge'] });
    const renamed = await t.pool.query(`SELECT array_agg(name ORDER BY name) AS names FROM markets WHERE name LIKE '改 %'`);
    expect(renamed.rows[0].names).toEqual(['改 admin', '改 officer.donge']);
    const closed = await t.pool.query(`SELECT count(*)::int AS n FROM markets WHERE name = '授权测试集' AND status = 'closed'`);
    expect(closed.rows[0].n).toBe(2);
  });
});
