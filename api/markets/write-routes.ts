import { Hono } from 'hono';
import type pg from 'pg';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { currentUser, type AuthEnv } from '../auth/middleware';
import { withTransaction } from '../db/transaction';
import { ApiError } from '../lib/api-error';
import type { AppDeps } from '../lib/app-deps';
import type { InputCrs } from '../lib/china-crs';
import { wgs84Point } from '../lib/point-input';
import { validate } from '../lib/validate';
import { marketImportRoutes } from './import';
import { addMarketEvent, changeStatus, createMarket, marketForWrite, marketJson, sitePoint, WRITERS } from './store';
import { checkedStretch, stretchAtPoint } from './stretch';
import { CreateMarketBody, dayIssues, idNumber, MAX_BODY_BYTES, PatchMarketBody, StatusBody, type Stretch } from './write-schemas';

/** A JSON body larger than a market can be is refused before it is parsed. */
const limit = () =>
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError('payload_too_large', `A market write may be at most ${MAX_BODY_BYTES / 1024} kB of JSON.`, [{ param: 'body', reason: `larger than ${MAX_BODY_BYTES / 1024} kB` }]);
    },
  });

const IdParam = z.object({ id: idNumber });

/** The stretch through a point given with the market (in `crs`), or a 400 naming `point`. */
async function stretchAt(client: pg.ClientBase, point: number[], crs: InputCrs): Promise<Stretch> {
  let lon: number, lat: number;
  try {
    [lon, lat] = wgs84Point(point[0], point[1], crs);
  } catch (e) {
    const d = (e as ApiError).details[0];
    throw ApiError.badParam('point', d.reason, d.rule);
  }
  const at = await stretchAtPoint(client, lon, lat);
  if ('problem' in at) throw ApiError.badParam('point', at.reason, at.problem);
  return at.stretch;
}

/**
 * Writes to markets, as the ledger's: officers inside their brigade and admins; every write locks
 * the row, checks the version the client read (stale → 409 with the market now) and appends an
 * event. No DELETE: a market entered by mistake is closed with a note, and its events stay.
 */
export function marketWriteRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .route('/', marketImportRoutes(deps))
    .post('/', limit(), validate('json', CreateMarketBody), async (c) => {
      const user = currentUser(c, ...WRITERS);
      const b = c.req.valid('json');
      const market = await withTransaction(deps.pool, async (client) => {
        const { ewkt } = await checkedStretch(client, user, b.geometry ?? (await stretchAt(client, b.point!, b.crs)), b.point ? 'wgs84' : b.crs);
        const site = b.relocatedTo ? await sitePoint(client, b.relocatedTo, b.crs, 'relocatedTo') : null;
        const id = await createMarket(client, user.id, {
          name: b.name, ewkt, calendar: b.calendar, days: b.days, hours: b.hours, status: b.status, statusOn: b.statusOn ?? null,
          site, source: b.source ?? `entered by ${user.username}`, note: b.note,
        });
        return marketJson(client, id);
      });
      return c.json(market, 201);
    })

    .patch('/:id{[0-9]+}', limit(), validate('param', IdParam), validate('json', PatchMarketBody), async (c) => {
      const user = currentUser(c, ...WRITERS);
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const market = await withTransaction(deps.pool, async (client) => {
        const m = await marketForWrite(client, user, id, b.version);
        // A new calendar alone must still fit the days the market has (day 30 is no weekday).
        const issues = b.calendar && !b.days ? dayIssues(b.calendar, m.days) : [];
        if (issues.length) throw ApiError.badParam('days', `the market's days ${m.days.join(', ')} do not fit calendar ${b.calendar}: ${issues[0].message}; send days too`);
        const was = await marketJson(client, id);
        const stretch = b.geometry ? await checkedStretch(client, user, b.geometry, b.crs) : null;
        await client.query(
          `UPDATE markets SET name = coalesce($2, name), geom = coalesce(ST_GeomFromEWKT($3), geom), calendar = coalesce($4, calendar),
             days = coalesce($5, days), hours_from = coalesce($6::time, hours_from), hours_to = coalesce($7::time, hours_to),
             source = coalesce($8, source), version = version + 1, updated_at = now()
           WHERE id = $1`,
          [id, b.name ?? null, stretch?.ewkt ?? null, b.calendar ?? null, b.days ?? null, b.hours?.from ?? null, b.hours?.to ?? null, b.source ?? null],
        );
        const now = await marketJson(client, id);
        const keys = (['name', 'geometry', 'calendar', 'days', 'hours', 'source'] as const).filter((k) => b[k] !== undefined);
        await addMarketEvent(client, {
          marketId: id, actorId: user.id, action: 'update', note: b.note,
          data: { changed: Object.fromEntries(keys.map((k) => [k, now[k]])), was: Object.fromEntries(keys.map((k) => [k, was[k]])) },
        });
        return now;
      });
      return c.json(market);
    })

    .post('/:id{[0-9]+}/status', limit(), validate('param', IdParam), validate('json', StatusBody), async (c) => {
      const user = currentUser(c, ...WRITERS);
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const market = await withTransaction(deps.pool, async (client) => {
        const m = await marketForWrite(client, user, id, b.version);
        const site = b.relocatedTo ? await sitePoint(client, b.relocatedTo, b.crs, 'relocatedTo') : null;
        await changeStatus(client, user.id, m, { status: b.status, statusOn: b.statusOn, relocatedTo: site, note: b.note });
        return marketJson(client, id);
      });
      return c.json(market);
    });
}
