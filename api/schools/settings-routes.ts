import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import { AUDIT_ITEMS } from '@shared/schools/school-terms';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import { dateParam } from '../lib/query-params';
import { validate } from '../lib/validate';
import { GATE_INTERSECTION_MIN_M, ZONE_RADIUS_M, ZONE_REACH_M } from './params';

const HOUR_LABELS = ['arrival', 'midday', 'dismissal'] as const;
/** A term is at most this long: a typo in a year (2205-09-01) is refused, not taken as a century of school days. */
const MAX_TERM_DAYS = 200;

const time = z.string({ message: 'must be a time HH:MM' }).regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time HH:MM, 00:00–23:59');
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

const Term = z
  .object({
    schoolYear: z.string({ message: 'must be a school year such as 2025-2026' }).regex(/^(\d{4})-(\d{4})$/, 'must be a school year such as 2025-2026')
      .refine((y) => Number(y.slice(5)) === Number(y.slice(0, 4)) + 1, 'the second year follows the first (2025-2026)'),
    term: z.enum(['autumn', 'spring'], { message: 'must be autumn or spring' }),
    startsOn: dateParam,
    endsOn: dateParam,
  })
  .superRefine((t, ctx) => {
    if (t.endsOn < t.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: `ends (${t.endsOn}) before it starts (${t.startsOn})`, params: { rule: 'before_start' } });
    else if (dayNumber(t.endsOn) - dayNumber(t.startsOn) > MAX_TERM_DAYS) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: `a term lasts at most ${MAX_TERM_DAYS} days` });
    // An autumn term starts in the school year's first year, a spring term in its second.
    const year = Number(t.term === 'autumn' ? t.schoolYear.slice(0, 4) : t.schoolYear.slice(5));
    if (/^\d{4}-\d{4}$/.test(t.schoolYear) && Number(t.startsOn.slice(0, 4)) !== year) {
      ctx.addIssue({ code: 'custom', path: ['startsOn'], message: `the ${t.term} term of ${t.schoolYear} starts in ${year}` });
    }
  });

const Hours = z
  .object({ label: z.enum(HOUR_LABELS, { message: `must be one of ${HOUR_LABELS.join(', ')}` }), from: time, to: time })
  .refine((h) => h.to > h.from, { path: ['to'], message: 'ends before it starts', params: { rule: 'hours_reversed' } });

export const SettingsBody = z
  .object({
    version: z.number({ message: 'the version you read is required' }).int('must be a whole number').min(0).max(2_147_483_647),
    terms: z.array(Term).max(20, 'at most 20 terms at once').optional(),
    hours: z.array(Hours).min(1, 'at least one period').max(HOUR_LABELS.length).optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.terms && !b.hours) ctx.addIssue({ code: 'custom', path: ['version'], message: 'nothing to change: send terms or hours' });
    const seen = new Set<string>();
    b.terms?.forEach((t, i) => {
      const key = `${t.schoolYear} ${t.term}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['terms', i, 'term'], message: `${key} is sent twice` });
      seen.add(key);
    });
    const labels = new Set<string>();
    b.hours?.forEach((h, i) => {
      if (labels.has(h.label)) ctx.addIssue({ code: 'custom', path: ['hours', i, 'label'], message: `${h.label} is sent twice` });
      labels.add(h.label);
    });
    // Periods in the day's order may not overlap: an hour counts once.
    const sorted = [...(b.hours ?? [])].map((h, i) => ({ ...h, i })).sort((x, y) => x.from.localeCompare(y.from));
    for (let k = 1; k < sorted.length; k++) {
      if (sorted[k].from < sorted[k - 1].to) ctx.addIssue({ code: 'custom', path: ['hours', sorted[k].i, 'from'], message: `overlaps ${sorted[k - 1].label} (${sorted[k - 1].from}–${sorted[k - 1].to})` });
    }
  });

/** The school calendar as stored: every term, the hours, and the version of the last change. */
async function readSettings(db: pg.ClientBase | pg.Pool) {
  const r = await db.query<{ terms: unknown[]; hours: unknown[]; version: number }>(
    `SELECT (SELECT coalesce(json_agg(json_build_object('schoolYear', t.school_year, 'term', t.term, 'startsOn', t.starts_on, 'endsOn', t.ends_on)
                                      ORDER BY t.starts_on), '[]') FROM school_terms t) AS terms,
            (SELECT coalesce(json_agg(json_build_object('label', h.label, 'from', to_char(h.starts, 'HH24:MI'), 'to', to_char(h.ends, 'HH24:MI'))
                                      ORDER BY h.starts), '[]') FROM school_hours h) AS hours,
            (SELECT coalesce(max(version), 0) FROM school_settings_events)::int AS version`,
  );
  return r.rows[0];
}

export type SettingsChange = z.infer<typeof SettingsBody>;

/**
 * Changes the school calendar in the caller's transaction: the version read compared under a lock
 * (stale → 409 with the calendar now), the terms sent upserted (overlapping terms → 400 naming the
 * term), the hours replaced, and the change's event. Exported for tests, which roll it back.
 */
export async function changeSchoolSettings(client: pg.ClientBase, actorId: number, b: SettingsChange) {
  // One change at a time: the version read is compared under the lock.
  await client.query('LOCK TABLE school_settings_events IN EXCLUSIVE MODE');
  const was = await readSettings(client);
  if (was.version !== b.version) {
    throw new ApiError('conflict', `The school calendar changed since you read it (you sent version ${b.version}, it is now ${was.version}); reload and try again.`,
      [{ param: 'version', reason: 'stale' }], { current: was });
  }
  for (const t of b.terms ?? []) {
    await client.query(
      `INSERT INTO school_terms (school_year, term, starts_on, ends_on) VALUES ($1, $2, $3, $4)
       ON CONFLICT (school_year, term) DO UPDATE SET starts_on = excluded.starts_on, ends_on = excluded.ends_on`,
      [t.schoolYear, t.term, t.startsOn, t.endsOn],
    );
  }
  // Terms may not overlap: a day is in at most one.
  const overlap = await client.query<{ a: string; b: string }>(
    `SELECT x.school_year || ' ' || x.term AS a, y.school_year || ' ' || y.term AS b FROM school_terms x JOIN school_terms y
       ON (x.school_year, x.term) < (y.school_year, y.term) AND x.starts_on <= y.ends_on AND y.starts_on <= x.ends_on LIMIT 1`,
  );
  if (overlap.rowCount) {
    const i = (b.terms ?? []).findIndex((t) => [overlap.rows[0].a, overlap.rows[0].b].includes(`${t.schoolYear} ${t.term}`));
    throw ApiError.badParam(i >= 0 ? `terms.${i}.startsOn` : 'terms', `${overlap.rows[0].a} and ${overlap.rows[0].b} overlap`);
  }
  if (b.hours) {
    await client.query('DELETE FROM school_hours');
    for (const h of b.hours) await client.query(`INSERT INTO school_hours (label, starts, ends) VALUES ($1, $2, $3)`, [h.label, h.from, h.to]);
  }
  const now = await readSettings(client);
  const version = was.version + 1;
  await client.query(`INSERT INTO school_settings_events (version, actor_id, was, now) VALUES ($1, $2, $3, $4)`, [
    version, actorId, JSON.stringify({ terms: was.terms, hours: was.hours }), JSON.stringify({ terms: now.terms, hours: now.hours }),
  ]);
  return { ...now, version };
}

/** GET /settings (the school calendar and the zone's rules, anyone) and PUT /settings (admins: terms and hours). */
export function schoolSettingsRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/settings', async (c) => {
      const s = await readSettings(deps.pool);
      return c.json({ ...s, zoneRadius: ZONE_RADIUS_M, zoneReach: ZONE_REACH_M, gateIntersectionMin: GATE_INTERSECTION_MIN_M, auditItems: AUDIT_ITEMS });
    })

    // Terms sent replace those of the same school year and term (others stay); hours sent replace all periods.
    .put('/settings', validate('json', SettingsBody), async (c) => {
      const user = currentUser(c, 'admin');
      const b = c.req.valid('json');
      const saved = await withTransaction(deps.pool, (client) => changeSchoolSettings(client, user.id, b));
      return c.json(saved);
    });
}
