import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { changeSchoolSettings } from '@api/schools/settings-routes';
import { exposure } from '@api/schools/zone-stats';
import { errorOf, okJson, signIn, type Client } from '../support/session';
import { createTestApp } from '../support/test-app';

/**
 * The school calendar as a setting (PUT /api/schools/settings): admins only, the version read,
 * every bad value a 400 naming its field, and a change that moves the zones' school days. Changes
 * that other tests would feel run in a transaction rolled back; over HTTP only a school year no
 * analysis reaches (2038–2039) is changed, and put back.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let admin: Client;
let officer: Client;
let db: pg.Client;

interface Settings {
  version: number;
  terms: { schoolYear: string; term: string; startsOn: string; endsOn: string }[];
  hours: { label: string; from: string; to: string }[];
}
const settings = async () => (await okJson(t.app.request('/api/schools/settings'))) as Settings;

beforeAll(async () => {
  t = await createTestApp();
  [admin, officer] = [await signIn(t.app, 'admin'), await signIn(t.app, 'officer.donge')];
  db = new pg.Client(inject('db').connection);
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

describe('PUT /api/schools/settings', () => {
  it('lets an admin set a school year’s terms, with the version read, and keeps the change as an event', async () => {
    const before = await settings();
    const old = before.terms.filter((x) => x.schoolYear === '2038-2039');
    expect(old).toHaveLength(2);
    const terms = [
      { schoolYear: '2038-2039', term: 'autumn', startsOn: '2038-08-30', endsOn: '2039-01-18' },
      { schoolYear: '2038-2039', term: 'spring', startsOn: '2039-02-17', endsOn: '2039-07-08' },
    ];
    const saved = (await okJson(admin.send('PUT', '/api/schools/settings', { version: before.version, terms }))) as Settings;
    expect(saved.version).toBe(before.version + 1);
    expect(saved.terms.filter((x) => x.schoolYear === '2038-2039')).toEqual(terms);
    expect(saved.terms).toHaveLength(before.terms.length);
    expect(saved.hours).toEqual(before.hours);
    const event = (await db.query(`SELECT actor_id, was, now FROM school_settings_events WHERE version = $1`, [saved.version])).rows[0];
    expect(event.actor_id).toBe(admin.user.id);
    expect(event.was.terms).toContainEqual(old[0]);
    expect(event.now.terms).toContainEqual(terms[0]);

    // A second admin still holding the first version is told the calendar changed, and shown it.
    const stale = await errorOf(admin.send('PUT', '/api/schools/settings', { version: before.version, terms: old }), 409);
    expect(stale.details[0]).toMatchObject({ param: 'version', reason: 'stale' });
    expect(stale.current.version).toBe(saved.version);
    // Put back.
    await okJson(admin.send('PUT', '/api/schools/settings', { version: saved.version, terms: old }));
  });

  it('is for admins: an officer 403, no session 401', async () => {
    const { version } = await settings();
    const body = { version, hours: [{ label: 'arrival', from: '07:00', to: '08:00' }] };
    expect((await errorOf(officer.send('PUT', '/api/schools/settings', body), 403)).details[0]).toMatchObject({ reason: 'role' });
    await errorOf(t.app.request('/api/schools/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), 401);
  });

  it.each([
    [{ terms: [{ schoolYear: '2038-2039', term: 'autumn', startsOn: '2039-01-20', endsOn: '2038-09-01' }] }, 'terms.0.endsOn'],
    [{ terms: [{ schoolYear: '2038-2040', term: 'autumn', startsOn: '2038-09-01', endsOn: '2039-01-20' }] }, 'terms.0.schoolYear'],
    [{ terms: [{ schoolYear: '2038-2039', term: 'winter', startsOn: '2038-09-01', endsOn: '2039-01-20' }] }, 'terms.0.term'],
    [{ terms: [{ schoolYear: '2038-2039', term: 'autumn', startsOn: '2038-02-30', endsOn: '2039-01-20' }] }, 'terms.0.startsOn'],
    [{ terms: [{ schoolYear: '2038-2039', term: 'autumn', startsOn: '2038-09-01', endsOn: '2239-01-20' }] }, 'terms.0.endsOn'],
    [{ terms: [{ schoolYear: '2038-2039', term: 'spring', startsOn: '2038-09-01', endsOn: '2038-12-20' }] }, 'terms.0.startsOn'],
    [{ hours: [{ label: 'arrival', from: '08:00', to: '07:00' }] }, 'hours.0.to'],
    [{ hours: [{ label: 'arrival', from: '7:00', to: '08:00' }] }, 'hours.0.from'],
    [{ hours: [{ label: 'recess', from: '10:00', to: '10:20' }] }, 'hours.0.label'],
    [{ hours: [{ label: 'arrival', from: '07:00', to: '08:00' }, { label: 'arrival', from: '16:00', to: '17:00' }] }, 'hours.1.label'],
    [{ hours: [{ label: 'arrival', from: '07:00', to: '08:30' }, { label: 'dismissal', from: '08:00', to: '17:00' }] }, 'hours.1.from'],
    [{ hours: [] }, 'hours'],
    [{}, 'version'],
  ])('refuses %j with a 400 naming %s, and changes nothing', async (change, field) => {
    const before = await settings();
    const error = await errorOf(admin.send('PUT', '/api/schools/settings', { version: before.version, ...change }), 400);
    expect(error.details.map((d: { param?: string; path?: string }) => d.path ?? d.param)).toContain(field);
    expect(await settings()).toEqual(before);
  });

  it('refuses a term that overlaps another, naming the term', async () => {
    const before = await settings();
    const error = await errorOf(
      admin.send('PUT', '/api/schools/settings', { version: before.version, terms: [{ schoolYear: '2038-2039', term: 'autumn', startsOn: '2038-09-01', endsOn: '2039-02-25' }] }),
      400,
    );
    expect(error.details[0].path ?? error.details[0].param).toBe('terms.0.startsOn');
    expect(error.message).toMatch(/2038-2039 autumn and 2038-2039 spring overlap/);
    expect(await settings()).toEqual(before);
  });
});

describe('the school calendar in the zones', () => {
  it('counts the zones\' school days and hours from the settings: a term started a week later, one period a day', async () => {
    // In a transaction rolled back. By hand: 2024's 春节 days off are 02-10 … 02-17 (02-18, a
    // Sunday, is a 调休 working day), so a spring term starting 02-27 instead of 02-20 loses
    // Tue 20, Wed 21, Thu 22, Fri 23 and Mon 26: five school days. Hours: 07:30–08:00 alone is 0.5 h.
    await db.query('BEGIN');
    try {
      const before = await exposure(db, '2024-02-01', '2024-03-31');
      expect(before.hoursPerDay).toBe(2.5);
      const version = (await db.query<{ v: number }>(`SELECT coalesce(max(version), 0)::int AS v FROM school_settings_events`)).rows[0].v;
      await changeSchoolSettings(db, admin.user.id, {
        version,
        terms: [{ schoolYear: '2023-2024', term: 'spring', startsOn: '2024-02-27', endsOn: '2024-07-10' }],
        hours: [{ label: 'arrival', from: '07:30', to: '08:00' }],
      });
      const after = await exposure(db, '2024-02-01', '2024-03-31');
      expect(after.schoolDays).toBe(before.schoolDays - 5);
      expect(after.hoursPerDay).toBe(0.5);
      expect(after.schoolHours).toBe(after.schoolDays * 0.5);
    } finally {
      await db.query('ROLLBACK');
    }
  });
});
