import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseSight } from '@api/intersections/analysis';
import { createTestApp } from '../support/test-app';
import { errorOf, okJson, signIn, type Client } from '../support/session';

let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client;
let linqing: Client;
let leader: Client;
let admin: Client;
/** A four-way crossing in 东阿 with nothing in its corners, and a small square inside one of its triangles. */
let crossing: { id: number; square: GeoJSON.Polygon };

beforeAll(async () => {
  t = await createTestApp();
  // The test database was analysed as a first start is (tests/support/global-db.ts): intersections,
  // synthetic obstacles, results. The crossing below has none in its triangles, so the wall is the only cut.
  const r = await t.pool.query<{ id: number; square: GeoJSON.Polygon }>(
    `SELECT i.id, ST_AsGeoJSON(ST_Transform(ST_Expand(ST_Centroid(ST_Transform(s.geom, metric_srid())), 3), 4326))::json AS square
     FROM intersections i JOIN sight_triangles s ON s.intersection_id = i.id
     WHERE i.county_code = '371524' AND i.kind = 'four' AND s.required_a >= 40 AND s.required_b >= 40
       AND (SELECT count(*) FROM sight_triangles x WHERE x.intersection_id = i.id) = 4
       AND NOT EXISTS (SELECT 1 FROM roads r WHERE ST_DWithin(r.geom_m, ST_Centroid(ST_Transform(s.geom, metric_srid())), 12))
       AND NOT i.deficient
     ORDER BY i.id LIMIT 1`,
  );
  crossing = r.rows[0];
  [officer, linqing, leader, admin] = await Promise.all(['officer.donge', 'officer.linqing', 'leader', 'admin'].map((u) => signIn(t.app, u)));
}, 180_000);

afterAll(() => t?.close());

const wall = (extra: Record<string, unknown> = {}) => ({ type: 'wall', height: 2.4, geometry: crossing.square, note: '院墙', ...extra });

describe('obstacles and the intersections they cut', () => {
  let obstacle: { id: number; properties: { version: number } };

  it('re-analyses the corner when an officer draws a wall in it', async () => {
    expect(crossing).toBeTruthy();
    const before = await okJson(officer.get(`/api/intersections/${crossing.id}`));
    expect(before).toMatchObject({ id: crossing.id, kind: 'four', deficient: false });
    expect(before.approaches).toHaveLength(4);
    expect(before.triangles).toHaveLength(4);

    const res = await okJson(officer.send('POST', '/api/obstacles', wall()), 201);
    obstacle = res.obstacle;
    expect(res.obstacle.properties).toMatchObject({ type: 'wall', height: 2.4, note: '院墙', synthetic: false, version: 1 });
    expect(res.analysis.deficient).toBeGreaterThanOrEqual(1);

    const after = await okJson(officer.get(`/api/intersections/${crossing.id}`));
    expect(after.deficient).toBe(true);
    expect(['severe', 'moderate', 'minor']).toContain(after.severity);
    const cut = after.triangles.filter((x: { obstructedShare: number }) => x.obstructedShare > 0);
    expect(cut).toHaveLength(1);
    expect(cut[0].obstacleIds).toEqual([obstacle.id]);
    expect(cut[0].cut.type).toBe('MultiPolygon');
    expect(after.obstacles.map((o: { id: number }) => o.id)).toEqual([obstacle.id]);
    // Each approach: what it needs and the least a neighbouring driver sees of it.
    const short = after.approaches.filter((a: { required: number; available: number }) => a.available < a.required);
    expect(short.length).toBeGreaterThanOrEqual(1);
    expect(Number(after.shortfall)).toBeCloseTo(Math.max(...short.map((a: { required: number; available: number }) => a.required - a.available)), 1);

    const list = await okJson(t.app.request('/api/intersections?deficient=true&county=371524'));
    expect(list.features.map((f: { id: number }) => f.id)).toContain(crossing.id);
    // `brigade` names the same county, as the brigades say it.
    const brigade = await okJson(t.app.request('/api/intersections?deficient=true&brigade=371524'));
    expect(brigade.features.map((f: { id: number }) => f.id)).toEqual(list.features.map((f: { id: number }) => f.id));
    const elsewhere = await okJson(t.app.request('/api/intersections?deficient=true&brigade=371581'));
    expect(elsewhere.features.length).toBeGreaterThan(0);
    expect(elsewhere.features.map((f: { id: number }) => f.id)).not.toContain(crossing.id);
    const mine = list.features.find((f: { id: number }) => f.id === crossing.id);
    expect(mine.properties).toMatchObject({ deficient: true, county: { code: '371524', name: '东阿县' } });
  });

  it('clears the corner when the wall is lowered under the driver’s eye, and refuses a stale version', async () => {
    const res = await okJson(officer.send('PATCH', `/api/obstacles/${obstacle.id}`, { version: 1, height: 1.0, note: '院墙已降至 1 米' }));
    expect(res.obstacle.properties).toMatchObject({ height: 1, version: 2 });
    expect((await okJson(officer.get(`/api/intersections/${crossing.id}`))).deficient).toBe(false);
    const stale = await errorOf(officer.send('PATCH', `/api/obstacles/${obstacle.id}`, { version: 1, height: 3 }), 409);
    expect(stale.details[0]).toMatchObject({ param: 'version', reason: 'stale' });
    expect(stale.current.properties.version).toBe(2);
  });

  it('refuses bad geometry, saying what and where', async () => {
    const [[x0, y0], , [x1, y1]] = crossing.square.coordinates[0];
    const bowTie = { type: 'Polygon', coordinates: [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]] };
    const selfCrossing = await errorOf(officer.send('POST', '/api/obstacles', wall({ geometry: bowTie })), 400);
    expect(selfCrossing.details[0]).toMatchObject({ param: 'geometry', rule: 'invalid_geometry' });
    expect(selfCrossing.message).toMatch(/Self-intersection/);
    const far = { type: 'Polygon', coordinates: [[[113, 34], [113.001, 34], [113.001, 34.001], [113, 34]]] };
    expect((await errorOf(officer.send('POST', '/api/obstacles', wall({ geometry: far })), 400)).details[0]).toMatchObject({ param: 'geometry', rule: 'outside_liaocheng' });
    const metres = { type: 'Polygon', coordinates: [[[448000, 4035000], [448010, 4035000], [448010, 4035010], [448000, 4035000]]] };
    expect((await errorOf(officer.send('POST', '/api/obstacles', wall({ geometry: metres })), 400)).details[0]).toMatchObject({ param: 'geometry', rule: 'projected' });
    const open = { type: 'Polygon', coordinates: [[[x0, y0], [x1, y1], [x0, y1]]] };
    expect((await errorOf(officer.send('POST', '/api/obstacles', wall({ geometry: open })), 400)).details[0].param).toBe('geometry');
    expect((await errorOf(officer.send('POST', '/api/obstacles', wall({ height: -2 })), 400)).details[0].param).toBe('height');
    expect((await errorOf(officer.send('POST', '/api/obstacles', wall({ type: 'ufo' })), 400)).details[0].param).toBe('type');
  });

  it('lets only officers of the brigade and admins draw, and everyone read', async () => {
    expect((await errorOf(linqing.send('POST', '/api/obstacles', wall()), 403)).details[0].reason).toBe('scope');
    expect((await errorOf(leader.send('POST', '/api/obstacles', wall()), 403)).details[0].reason).toBe('role');
    expect((await errorOf(t.app.request('/api/obstacles', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(wall()) }), 401)).code).toBe('unauthorized');
    expect((await errorOf(linqing.send('PATCH', `/api/obstacles/${obstacle.id}`, { version: 2, height: 4 }), 403)).details[0].reason).toBe('scope');
    const box = await okJson(t.app.request(`/api/obstacles?bbox=${[115.8, 36.0, 116.6, 36.7].join(',')}`));
    expect(box.features.map((f: { id: number }) => f.id)).toContain(obstacle.id);
  });

  it('imports a GeoJSON file, reporting each feature, and deletes with the version read', async () => {
    const [[x0, y0], , [x1, y1]] = crossing.square.coordinates[0];
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { type: 'vegetation', height: 3, note: '路侧林带（接口测试）' }, geometry: crossing.square },
        { type: 'Feature', properties: { type: 'building', height: 6 }, geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]] } },
        { type: 'Feature', properties: { type: 'stall' }, geometry: crossing.square },
      ],
    };
    const file = () => new File([JSON.stringify(fc)], '遮挡物.geojson');
    // The preview: what saving would do (the intersection it would cut included), nothing saved.
    const preview = await okJson(officer.upload('/api/obstacles/import', { file: file(), preview: 'true' }));
    expect(preview).toMatchObject({ preview: true, saved: 1, rejected: 2, cuts: [crossing.id] });
    expect(preview.rows[0].id).toBeUndefined();
    expect((await t.pool.query(`SELECT count(*)::int AS n FROM obstacles WHERE note = '路侧林带（接口测试）'`)).rows[0].n).toBe(0);
    const report = await okJson(officer.upload('/api/obstacles/import', { file: file() }));
    expect(report).toMatchObject({ saved: 1, rejected: 2, sheet: { headerRow: 0 } });
    expect(report.rows[1]).toMatchObject({ row: 2, status: 'rejected', field: 'geometry', rule: 'invalid_geometry' });
    expect(report.rows[2]).toMatchObject({ row: 3, status: 'rejected', field: 'height' });
    expect(report.analysis.deficient).toBeGreaterThanOrEqual(1);
    // Where the saved one is, to show it: its box (around the square's corners) and the intersection it cuts.
    const ring = crossing.square.coordinates[0];
    expect(report.bbox[0]).toBeCloseTo(Math.min(...ring.map((p) => p[0])), 7);
    expect(report.bbox[3]).toBeCloseTo(Math.max(...ring.map((p) => p[1])), 7);
    expect(report.cuts).toEqual([crossing.id]);
    const saved = report.rows[0].id;
    expect((await errorOf(officer.send('DELETE', `/api/obstacles/${saved}`), 400)).details[0].param).toBe('version');
    const gone = await okJson(officer.send('DELETE', `/api/obstacles/${saved}?version=1`));
    expect(gone.obstacle).toBeNull();
    expect((await okJson(officer.get(`/api/intersections/${crossing.id}`))).deficient).toBe(false);
  });

  it('imports a survey sheet with the outlines as WKT and the types in Chinese, each bad row named by its column', async () => {
    const wkt = `POLYGON((${crossing.square.coordinates[0].map(([x, y]) => `${x} ${y}`).join(', ')}))`;
    const csv = [
      '类型,高度（米）,轮廓（WKT）,调查日期,备注',
      `围墙,2.5米,"${wkt}",2026/5/6,浏览器外测试围墙`,
      `水塔,8,"${wkt}",,`,
      `绿植,3,"POLYGON((116.25 36.33, 116.26",,`,
      `建筑物,6,,,`,
    ].join('\n');
    const report = await okJson(officer.upload('/api/obstacles/import', { file: new File([csv], '遮挡物调查.csv') }));
    expect(report).toMatchObject({ saved: 1, rejected: 3, cuts: [crossing.id], sheet: { headerRow: 1, columns: { type: '类型', height: '高度（米）', geometry: '轮廓（WKT）' } } });
    expect(report.rows.map((r: { row: number; status: string; field?: string; rule?: string }) => [r.row, r.status, r.field ?? null, r.rule ?? null])).toEqual([
      [2, 'saved', null, null],
      [3, 'rejected', 'type', null],
      [4, 'rejected', 'geometry', 'not_wkt'],
      [5, 'rejected', 'geometry', 'missing'],
    ]);
    const wall = (await t.pool.query(`SELECT type, height::float8 AS height, observed_on::text AS day, version FROM obstacles WHERE id = $1`, [report.rows[0].id])).rows[0];
    expect(wall).toMatchObject({ type: 'wall', height: 2.5, day: '2026-05-06' });
    await okJson(officer.send('DELETE', `/api/obstacles/${report.rows[0].id}?version=${wall.version}`));
  });
});

describe('grades and the crashes at a corner', () => {
  it('grades few corners severe (at most 1 in 5 of the deficient), worst score first, each grade adding up', async () => {
    const list = await okJson(t.app.request('/api/intersections?deficient=true'));
    const props = list.features.map((f: { properties: { severity: string | null; score: number | null } }) => f.properties);
    const severe = props.filter((p: { severity: string | null }) => p.severity === 'severe').length;
    expect(severe).toBeGreaterThan(0);
    expect(severe / props.length).toBeLessThanOrEqual(0.2);
    const scores = props.map((p: { score: number | null }) => p.score ?? -1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const rule = (await t.pool.query(`SELECT severe_at, moderate_at FROM sight_grading`)).rows[0];
    for (const p of props as { severity: string | null; score: number | null }[]) {
      if (p.score === null) continue;
      expect(p.severity).toBe(p.score >= rule.severe_at ? 'severe' : p.score >= rule.moderate_at ? 'moderate' : 'minor');
    }
  });

  it('lists the crashes within 50 m in the 3 years up to the newest one, as the grade counts them', async () => {
    // The deficient corner with the most crashes around it.
    const { id } = (await t.pool.query<{ id: number }>(`SELECT id FROM intersections WHERE score IS NOT NULL ORDER BY crashes DESC, id LIMIT 1`)).rows[0];
    const d = await okJson(t.app.request(`/api/intersections/${id}`));
    // Checked on the sphere, not in the metric CRS the API uses: the same crashes.
    const near = await t.pool.query<{ id: number; severity: string; deaths: number; injuries: number; last: string }>(
      `SELECT a.id, a.severity, a.deaths, a.injuries, ((SELECT max(occurred_at) FROM accidents) AT TIME ZONE 'Asia/Shanghai')::date::text AS last
       FROM accidents a, intersections i
       WHERE i.id = $1 AND ST_Distance(a.geom::geography, i.geom::geography) <= 50
         AND a.occurred_at > (SELECT max(occurred_at) FROM accidents) - interval '3 years'
       ORDER BY a.occurred_at DESC, a.id`,
      [id],
    );
    expect(near.rows.length).toBeGreaterThan(0);
    expect(d.accidents.map((a: { id: number }) => a.id)).toEqual(near.rows.map((a) => a.id));
    expect(d.accidents[0]).toMatchObject({ severity: near.rows[0].severity, deaths: near.rows[0].deaths, injuries: near.rows[0].injuries, externalId: expect.any(String) });
    expect(d.accidents.every((a: { distance: number }) => a.distance <= 50)).toBe(true);
    expect(d.crashWindow).toMatchObject({ radius: 50, years: 3, to: near.rows[0].last });
    const g = d.grade;
    expect(g).toMatchObject({ crashes: near.rows.length, casualtyCrashes: near.rows.filter((a) => a.severity !== 'pdo').length });
    expect(g.crashPoints).toBe(Math.min(g.crashes, 3) + (g.casualtyCrashes > 0 ? 1 : 0));
    expect(g.score).toBe(g.sharePoints + g.speedPoints + g.crashPoints);
    expect(g.share).toBeCloseTo(d.shortfall / d.required, 3);
    expect(d.severity).toBe(g.score >= g.severeAt ? 'severe' : g.score >= g.moderateAt ? 'moderate' : 'minor');
  });
});

describe('running the analysis', () => {
  it('is for admins, and switches between stopping and intersection sight distance', async () => {
    expect((await errorOf(officer.send('POST', '/api/intersections/analyse', {}), 403)).details[0].reason).toBe('role');
    const isd = await okJson(admin.send('POST', '/api/intersections/analyse', { method: 'isd', gapSeconds: 7.5 }));
    expect(isd.settings).toMatchObject({ method: 'isd', gapSeconds: 7.5 });
    const detail = await okJson(admin.get(`/api/intersections/${crossing.id}`));
    expect(detail.method).toBe('isd');
    const a = detail.approaches[0];
    expect(a.required).toBeCloseTo(0.278 * a.designSpeed * 7.5, 0);
    // The second run as the client asks for it: a job, followed to the same answer.
    const asked = await t.app.request('/api/intersections/analyse', {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json', prefer: 'respond-async' },
      body: JSON.stringify({ method: 'ssd' }),
    });
    expect(asked.status).toBe(202);
    let job = await asked.json();
    expect(job).toMatchObject({ kind: 'analyse:sight-lines', state: 'running' });
    while (job.state === 'running') job = await new Promise((r) => setTimeout(r, 100)).then(() => okJson(admin.get(`/api/jobs/${job.id}`)));
    expect(job).toMatchObject({ state: 'done', done: 2, total: 2 });
    const ssd = job.result;
    expect(ssd.settings.method).toBe('ssd');
    expect(ssd.intersections).toBeGreaterThan(100);

    // Both runs are kept for comparison, newest first, with who ran them and what each found.
    const { runs } = await okJson(leader.get('/api/intersections/settings'));
    const [last, before] = runs;
    expect(last).toMatchObject({ method: 'ssd', intersections: ssd.intersections, deficient: ssd.deficient, runBy: expect.any(String) });
    expect(before).toMatchObject({ method: 'isd', gapSeconds: 7.5, intersections: isd.intersections, deficient: isd.deficient });
    expect(last.severe + last.moderate + last.minor).toBe(last.deficient);
    expect(last.ms).toBeGreaterThan(0);
    // Intersection sight distance at 7.5 s asks for more than stopping sight distance: more corners fall short.
    expect(before.deficient).toBeGreaterThan(last.deficient);
  }, 120_000);

  it('lets an obstacle edit wait for a whole-city run in progress, then re-analyse its corner on the new results', async () => {
    const [cityRun, edit] = await Promise.all([t.pool.connect(), t.pool.connect()]);
    const corner = { type: 'Point', coordinates: crossing.square.coordinates[0][0] } as GeoJSON.Point;
    try {
      await cityRun.query('BEGIN');
      await analyseSight(cityRun);
      // An officer's edit arrives meanwhile: it must wait, not write triangles over the run's.
      const editing = (async () => {
        await edit.query('BEGIN');
        const summary = await analyseSight(edit, corner);
        await edit.query('COMMIT');
        return summary;
      })();
      const early = await Promise.race([editing.then(() => 'done'), new Promise((r) => setTimeout(() => r('waiting'), 500))]);
      expect(early).toBe('waiting');
      await cityRun.query('COMMIT');
      expect((await editing).intersections).toBeGreaterThanOrEqual(1);
      const r = await t.pool.query(`SELECT count(*)::int AS n FROM sight_triangles WHERE intersection_id = $1`, [crossing.id]);
      expect(r.rows[0].n).toBe(4);
    } finally {
      await cityRun.query('ROLLBACK').catch(() => undefined);
      await edit.query('ROLLBACK').catch(() => undefined);
      cityRun.release();
      edit.release();
    }
  }, 120_000);

  it('shows the settings, the class defaults and the first start’s run to any user', async () => {
    const s = await okJson(leader.get('/api/intersections/settings'));
    expect(s.settings).toEqual({ method: 'ssd', gapSeconds: expect.any(Number), eyeHeight: 1.2 });
    // From the fastest class down, as a traffic engineer reads them.
    expect(s.designSpeeds.map((d: { class: string }) => d.class)).toEqual(['expressway', 'national', 'provincial', 'county', 'township', 'village', 'urban_arterial', 'urban_street']);
    // The generated county, township and village roads have no speed of their own: they use these.
    for (const cls of ['county', 'township', 'village']) expect(s.designSpeeds.find((d: { class: string }) => d.class === cls).roads).toBeGreaterThan(100);
    expect(s.designSpeeds.find((d: { class: string }) => d.class === 'county')).toMatchObject({ speed: 60 });
    expect(s.runs.at(-1)).toMatchObject({ runBy: null, deficient: expect.any(Number) });
  });

  it('refuses a design speed out of range or for a class that does not exist, saving nothing', async () => {
    const bad = await errorOf(admin.send('POST', '/api/intersections/analyse', { designSpeeds: { village: 200 } }), 400);
    expect(bad.details[0].path).toContain('village');
    const unknown = await errorOf(admin.send('POST', '/api/intersections/analyse', { designSpeeds: { lane: 30 } }), 400);
    expect(JSON.stringify(unknown.details)).toContain('lane');
    const s = await okJson(admin.get('/api/intersections/settings'));
    expect(s.designSpeeds.find((d: { class: string }) => d.class === 'village').speed).toBe(30);
  });

  it('refuses bad filters, naming them', async () => {
    expect((await errorOf(t.app.request('/api/intersections?severity=awful'), 400)).details[0].param).toBe('severity');
    expect((await errorOf(t.app.request('/api/intersections?bbox=1,2,3'), 400)).details[0].param).toBe('bbox');
    expect((await errorOf(t.app.request('/api/intersections?brigade=东阿'), 400)).details[0].param).toBe('brigade');
    expect((await errorOf(t.app.request('/api/intersections/999999'), 404)).code).toBe('not_found');
  });
});
