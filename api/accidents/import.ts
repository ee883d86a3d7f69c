import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { gradeSight } from '../intersections/analysis';
import type { AppDeps } from '../lib/app-deps';
import type { InputCrs } from '../lib/china-crs';
import { currentJobId } from '../lib/request-context';
import { importRoute, rejectedRow, RowError, saveInBatches, type ImportRow, type RowReport } from '../lib/row-import';
import { MAX_INFLATED_BYTES } from '../lib/table-reader';
import { sqlFile } from '../lib/sql-file';
import { ACCIDENT_WRITERS } from '@shared/accidents/accident-columns';
import { ACCIDENT_COLUMNS, ACCIDENT_REQUIRED, readAccidentRow, type AccidentColumn, type AccidentRecord } from './import-row';

const LOCATE_SQL = sqlFile(new URL('./locate.sql', import.meta.url));
const UPSERT_SQL = sqlFile(new URL('./upsert.sql', import.meta.url));

/** Rows read, placed and written together. */
const BATCH_ROWS = 1000;

/** What to do with a 事故编号 already stored: write the row over it, or leave it as it is. */
export type OnExisting = 'update' | 'skip';

interface ImportContext {
  user: SessionUser;
  crs: InputCrs;
  existing: OnExisting;
  file: string;
  now: Date;
  /** 事故编号 → the row that first had it, across the file's batches. */
  seen: Map<string, number>;
}

const PLACE_REASON: Record<string, string> = {
  no_posts: 'no road of that name or number has kilometre posts (公里桩) to place a 桩号 by',
  beyond_posts: "the 桩号 lies beyond the road's kilometre posts",
};

/**
 * Each row read (readAccidentRow) as it comes off the sheet, a 事故编号 seen before in the file
 * refused: done on the reading side of saveInBatches, while the batches before are written.
 */
async function* checkedRows(rows: AsyncIterable<ImportRow<AccidentColumn>>, ctx: ImportContext): AsyncGenerator<AccidentRecord | RowReport> {
  for await (const r of rows) {
    try {
      if (r.refused) throw r.refused;
      const record = readAccidentRow(r.row, r.get, ctx.crs, ctx.now);
      const first = ctx.seen.get(record.externalId);
      if (first !== undefined) throw new RowError('externalId', `事故编号 ${record.externalId} is also in row ${first} of this file`, 'duplicate_in_file');
      ctx.seen.set(record.externalId, r.row);
      yield record;
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      yield rejectedRow(r.row, e);
    }
  }
}

/**
 * One batch of checked rows: placed (their point, or road + 桩号) and checked to lie in Liaocheng
 * and the officer's area by PostGIS, then written in one statement.
 */
async function saveBatch(client: pg.ClientBase, rows: (AccidentRecord | RowReport)[], ctx: ImportContext): Promise<RowReport[]> {
  const out = rows.filter((r): r is RowReport => 'status' in r);
  const records = rows.filter((r): r is AccidentRecord => !('status' in r));
  if (!records.length) return out;

  const located = await client.query<{ i: number; lon: number | null; lat: number | null; reason: string | null; in_city: boolean | null; in_scope: boolean | null }>(LOCATE_SQL, [
    records.map((_, i) => i),
    records.map((a) => a.lon),
    records.map((a) => a.lat),
    records.map((a) => a.roadName),
    records.map((a) => a.km),
    ctx.user.role === 'admin' ? null : ctx.user.scope.code,
  ]);
  const placed: (AccidentRecord & { lon: number; lat: number; by: 'coordinates' | 'stake' })[] = [];
  for (const l of located.rows) {
    const a = records[l.i];
    const byStake = a.lon === null;
    const where = `(${l.lon?.toFixed(6)}, ${l.lat?.toFixed(6)})${byStake ? `, placed from ${a.roadName} ${a.stake},` : ''}`;
    if (l.lon === null || l.lat === null) out.push(rejectedRow(a.row, new RowError('stake', `${a.roadName} ${a.stake}: ${PLACE_REASON[l.reason ?? 'no_posts']}`, l.reason ?? 'no_posts')));
    else if (!l.in_city) out.push(rejectedRow(a.row, new RowError(byStake ? 'stake' : 'lon', `${where} lies outside Liaocheng`, 'outside_liaocheng')));
    else if (!l.in_scope) out.push(rejectedRow(a.row, new RowError(byStake ? 'stake' : 'lon', `${where} lies outside ${ctx.user.scope.name}: you may import accidents only inside your brigade's area`, 'scope')));
    else placed.push({ ...a, lon: l.lon, lat: l.lat, by: byStake ? 'stake' : 'coordinates' });
  }
  if (!placed.length) return out;

  const written = await client.query<{ id: number; external_id: string; inserted: boolean }>(UPSERT_SQL, [
    placed.map((a) => a.externalId),
    placed.map((a) => a.occurredAt),
    placed.map((a) => a.severity),
    placed.map((a) => a.deaths),
    placed.map((a) => a.injuries),
    placed.map((a) => a.vehicles.join(',')),
    // 'dark' (no 照明条件 given, at night): lit as its road is, where upsert.sql snaps it.
    placed.map((a) => a.light),
    placed.map((a) => a.weather),
    placed.map((a) => a.lon),
    placed.map((a) => a.lat),
    placed.map((a) => a.place),
    placed.map((a) => a.loss),
    placed.map((a) => a.manner),
    placed.map((a) => a.roadName),
    placed.map((a) => a.stake),
    currentJobId(),
    ctx.file,
    ctx.user.username,
    ctx.existing === 'update',
    placed.map((a) => a.by),
    placed.map((a) => a.row),
  ]);
  const byId = new Map(written.rows.map((w) => [w.external_id, w]));
  for (const a of placed) {
    const w = byId.get(a.externalId);
    if (!w) out.push({ row: a.row, status: 'skipped', field: 'externalId', reason: `事故编号 ${a.externalId} is already stored; left as it is`, rule: 'already_stored' });
    else out.push({ row: a.row, status: w.inserted ? 'saved' : 'updated', id: w.id });
  }
  return out;
}

/**
 * POST /import: a brigade's accident export as .xlsx or CSV (事故编号, 发生时间, 地点, 经度, 纬度, 死亡人数,
 * 受伤人数, 直接财产损失, 事故形态, 天气, 照明条件, 当事人交通方式, 道路名称, 公里桩号), up to 200 000 rows;
 * field existing=update|skip (default skip) says what a 事故编号 already stored gets. Each record
 * keeps its source (job, file, row); the analyses compute afresh from the new data versions.
 */
export const accidentImportRoutes = (deps: AppDeps) =>
  importRoute(deps, {
    kind: 'accidents',
    noun: 'an accident export',
    formats: '.xlsx or .csv',
    writers: ACCIDENT_WRITERS,
    columns: ACCIDENT_COLUMNS,
    required: ACCIDENT_REQUIRED,
    limits: { fileBytes: 40 * 1024 * 1024, rows: 200_000, inflatedBytes: 4 * MAX_INFLATED_BYTES },
    options: { existing: ['skip', 'update'] },
    // The sight-line grades count the crashes near each deficient corner (in the last years of the
    // data): graded again with the new ones, in the same transaction, so a corner's grade and its
    // list of crashes never disagree. A preview shows no grades and is rolled back: not graded.
    after: async (client, { form }) => {
      if (form.preview !== 'true') await gradeSight(client);
      return {};
    },
    // Saved as read: a 200 000-row export is parsed while the rows before are being written.
    stream: (client, { user, name, form }, sheet) => {
      const ctx: ImportContext = { user, crs: sheet.crs, existing: form.existing === 'update' ? 'update' : 'skip', file: name, now: new Date(), seen: new Map() };
      return saveInBatches(client, checkedRows(sheet.rows, ctx), BATCH_ROWS, (batch) => saveBatch(client, batch, ctx));
    },
  });
