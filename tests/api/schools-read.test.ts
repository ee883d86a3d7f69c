import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '@api/app';
import { loadEnv } from '@api/env';
import { planSchools } from '@data/generator/schools';
import { TEST_SEED } from '../support/global-db';
import { errorOf, okJson, signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * GET /api/schools and /api/schools/:id on the seeded demo schools. Other test files write audits
 * and guard posts in 东阿 (371524) and 高唐 (371526), and enter schools in 高唐, meanwhile: exact
 * comparisons with the plan stay out of those two counties.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let officer: Client;
const plans = planSchools(TEST_SEED);
/** Counties whose schools other test files write to (东阿, 高唐: API tests; 冠县: the browser test's guard post). */
const WRITTEN_BY_OTHER_TESTS = new Set(['371524', '371525', '371526']);

interface SchoolFeature {
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: {
    id: number; name: string; countyCode: string; townshipCode: string | null; township: string | null; synthetic: boolean;
    gates: number; guardPosts: number; lastAudit: { id: number; doneOn: string; failed: number } | null; openHazards: number;
  };
}

beforeAll(async () => {
  t = await createTestApp();
  officer = await signIn(t.app, 'officer.shenxian');
});
afterAll(() => t?.close());

const list = async (query = '') => (await okJson(t.app.request(`/api/schools${query}`))).features as SchoolFeature[];

describe('GET /api/schools', () => {
  it('lists all 220 as points with their counts, synthetic, without signing in', async () => {
    const all = await list();
    const seeded = all.filter((f) => f.properties.synthetic);
    expect(seeded).toHaveLength(220);
    expect(all.every((f) => f.geometry.type === 'Point' && f.properties.gates >= 1)).toBe(true);
    const byName = new Map(seeded.map((f) => [f.properties.name, f.properties]));
    for (const p of plans.filter((x) => !WRITTEN_BY_OTHER_TESTS.has(x.countyCode))) {
      const s = byName.get(p.name)!;
      expect(s.guardPosts, p.name).toBe(p.guardPost ? 1 : 0);
      expect(s.lastAudit?.failed ?? null, p.name).toBe(p.audit ? p.audit.items.filter((i) => i.result === 'fail').length : null);
    }
  });

  it('filters by county, brigade and township, and finds the schools without a guard post', async () => {
    const shen = await list('?county=371522');
    expect(shen.length).toBe(plans.filter((p) => p.countyCode === '371522').length);
    expect(await list('?brigade=371522')).toEqual(shen);
    const township = shen.find((f) => f.properties.townshipCode)!.properties.townshipCode!;
    const inTownship = await list(`?township=${township}`);
    expect(inTownship.length).toBeGreaterThan(0);
    expect(inTownship.every((f) => f.properties.townshipCode === township)).toBe(true);
    const none = await list('?county=371522&guardPost=none');
    expect(none.length).toBeGreaterThan(0);
    expect(none.map((f) => f.properties.name).sort()).toEqual(plans.filter((p) => p.countyCode === '371522' && !p.guardPost).map((p) => p.name).sort());
  });

  it('refuses unknown filters with a 400 naming them', async () => {
    expect((await errorOf(t.app.request('/api/schools?guardPost=some'), 400)).details[0].param).toBe('guardPost');
    expect((await errorOf(t.app.request('/api/schools?county=999999'), 400)).details[0]).toMatchObject({ param: 'county', reason: expect.stringMatching(/no county/) });
    expect((await errorOf(t.app.request('/api/schools?county=37152'), 400)).details[0].param).toBe('county');
    expect((await errorOf(t.app.request('/api/schools?township=371524'), 400)).details[0].param).toBe('township');
    expect((await errorOf(t.app.request('/api/schools?county=371524&brigade=371581'), 400)).details[0].param).toBe('brigade');
    expect((await errorOf(t.app.request('/api/schools?bbox=120,30,121,31'), 400)).details[0].param).toBe('bbox');
  });
});

describe('without signing in', () => {
  it('is open by default and closed with PUBLIC_MAP=0, as the sight lines are', async () => {
    const closed = createApp({ pool: t.pool, engine: t.info.engine, env: loadEnv({ PUBLIC_MAP: '0' }), extent: [115.3, 35.8, 116.7, 37.1] });
    for (const path of ['/api/schools', '/api/schools/1', '/api/schools/zones', '/api/schools/settings']) {
      expect((await closed.request(path)).status, path).toBe(401);
    }
    expect((await (await signIn(closed, 'leader')).get('/api/schools/settings')).status).toBe(200);
  });
});

describe('GET /api/schools/:id', () => {
  it('gives the school with its gates on their roads, the zone, hazards, audits and guard posts', async () => {
    const [first] = await list('?county=371522');
    const s = await okJson(officer.get(`/api/schools/${first.id}`));
    expect(s).toMatchObject({ id: first.id, name: first.properties.name, kind: 'junior_middle', county: { code: '371522', name: '莘县' }, synthetic: true, mayEdit: true });
    expect(s.gates.length).toBe(first.properties.gates);
    expect(s.gates[0]).toMatchObject({ name: '正门', road: { class: expect.any(String), designSpeed: expect.any(Number) } });
    expect(s.zone).toMatchObject({ radius: 150, geometry: { type: 'MultiLineString' } });
    expect(s.zone.length).toBeGreaterThan(140);
    expect(s.zone.roads.reduce((sum: number, r: { length: number }) => sum + r.length, 0)).toBeCloseTo(s.zone.length, 0);
    expect(s.hazards).toMatchObject({ open: first.properties.openHazards, items: expect.any(Array) });
    expect(s.guardPosts).toHaveLength(first.properties.guardPosts);
    expect(s.audits.length).toBe(first.properties.lastAudit ? 1 : 0);
  });

  it('names who audited only to a signed-in reader, and says whether they may edit', async () => {
    const audited = (await list('?county=371522')).find((f) => f.properties.lastAudit)!;
    const open = await okJson(t.app.request(`/api/schools/${audited.id}`));
    expect(open.audits[0]).toMatchObject({ doneBy: null, failed: audited.properties.lastAudit!.failed });
    expect(open.mayEdit).toBe(false);
    const seen = await okJson(officer.get(`/api/schools/${audited.id}`));
    expect(seen.audits[0].doneBy).toMatchObject({ username: 'officer.shenxian' });
    expect(seen.audits[0].items).toHaveLength(8);
    const linqing = await signIn(t.app, 'officer.linqing');
    expect((await okJson(linqing.get(`/api/schools/${audited.id}`))).mayEdit).toBe(false);
  });

  it('is a 404 for a school that does not exist and a 400 for an id no school can have', async () => {
    expect((await errorOf(t.app.request('/api/schools/999999'), 404)).code).toBe('not_found');
    const huge = await errorOf(t.app.request('/api/schools/99999999999999999999'), 400);
    expect(huge.details[0]).toMatchObject({ param: 'id', reason: expect.stringMatching(/between 1 and 2147483647/) });
    expect((await errorOf(t.app.request('/api/schools/0'), 400)).details[0].param).toBe('id');
  });
});

describe('GET /api/schools/zones and /settings', () => {
  it('gives every zone’s statistics worst first, with rollups that add up and the guard-post comparison', async () => {
    const z = await okJson(t.app.request('/api/schools/zones'));
    expect(z.meta).toMatchObject({ radius: 150, reach: 15, rateHours: 1000, schoolHoursPerDay: 2.5 });
    expect(z.meta.schoolDays).toBeGreaterThan(150);
    // The 220 seeded, and those other test files enter in 高唐 meanwhile.
    expect(z.meta.total).toBeGreaterThanOrEqual(220);
    expect(z.schools).toHaveLength(z.meta.total);
    const epdo = z.schools.map((s: { schoolHours: { epdo: number } }) => s.schoolHours.epdo);
    expect(epdo).toEqual([...epdo].sort((a, b) => b - a));
    const total = (key: 'schoolHours' | 'otherHours') => z.schools.reduce((n: number, s: Record<string, { crashes: number }>) => n + s[key].crashes, 0);
    for (const by of ['counties', 'townships']) {
      expect(z[by].reduce((n: number, r: { schools: number }) => n + r.schools, 0)).toBe(z.meta.total);
      expect(z[by].reduce((n: number, r: { schoolHours: { crashes: number } }) => n + r.schoolHours.crashes, 0)).toBe(total('schoolHours'));
    }
    expect(z.counties).toHaveLength(8);
    // At least the seeded ones: other test files add guard posts meanwhile.
    expect(z.guardPosts.with.schools).toBeGreaterThanOrEqual(plans.filter((p) => p.guardPost).length);
    expect(z.guardPosts.with.schools + z.guardPosts.without.schools).toBe(z.meta.total);
    expect(z.guardPosts.with.crashes + z.guardPosts.without.crashes).toBe(total('schoolHours'));
    expect(total('schoolHours') + total('otherHours')).toBeGreaterThan(0);
    const donge = await okJson(t.app.request('/api/schools/zones?brigade=371524&limit=3'));
    expect(donge.meta.total).toBe(plans.filter((p) => p.countyCode === '371524').length);
    expect(donge.schools).toHaveLength(3);
  });

  it('gives one school’s statistics in its detail, for the same window', async () => {
    const [first] = await list('?county=371524');
    const s = await okJson(t.app.request(`/api/schools/${first.id}?from=2025-10-01&to=2025-10-12`));
    expect(s.stats).toMatchObject({ from: '2025-10-01', to: '2025-10-12', schoolDays: 3, schoolHours: { hours: 7.5 }, otherHours: { hours: 280.5 } });
    const z = await okJson(t.app.request('/api/schools/zones?from=2025-10-01&to=2025-10-12&county=371524'));
    const same = z.schools.find((x: { id: number }) => x.id === first.id);
    expect(same.schoolHours).toEqual(s.stats.schoolHours);
  });

  it('refuses a bad window with a 400 naming the parameter', async () => {
    const bad = async (query: string, param: string, reason: RegExp) => {
      const e = await errorOf(t.app.request(`/api/schools/zones?${query}`), 400);
      expect(e.details[0]).toMatchObject({ param, reason: expect.stringMatching(reason) });
    };
    await bad('from=2026-02-30', 'from', /real calendar date/);
    await bad('from=2025-05-01&to=2025-01-01', 'from', /after to/);
    await bad('from=2010-01-01&to=2024-12-31', 'from', /at most 3653/);
    await bad('from=1990-01-01&to=1990-12-31', 'from', /calendar holds/);
    await bad('to=2090-01-01', 'to', /calendar holds/);
    await bad('limit=0', 'limit', /at least 1/);
    await bad('county=371599', 'county', /no county/);
    expect((await errorOf(t.app.request('/api/schools/1?to=2025-13-01'), 400)).details[0].param).toBe('to');
  });

  it('says the school calendar, the hours and the zone’s rules', async () => {
    const s = await okJson(t.app.request('/api/schools/settings'));
    expect(s.terms).toContainEqual({ schoolYear: '2025-2026', term: 'autumn', startsOn: '2025-09-01', endsOn: '2026-01-20' });
    expect(s.terms).toContainEqual({ schoolYear: '2024-2025', term: 'spring', startsOn: '2025-02-20', endsOn: '2025-07-10' });
    expect(s.hours).toEqual([{ label: 'arrival', from: '07:00', to: '08:00' }, { label: 'dismissal', from: '16:30', to: '18:00' }]);
    expect(s).toMatchObject({ zoneRadius: 150, zoneReach: 15, gateIntersectionMin: 100 });
    expect(s.auditItems).toEqual(['speed_limit_30', 'children_signs', 'crossing', 'hatched_markings', 'speed_humps', 'cameras', 'lighting', 'guard_post']);
  });
});
