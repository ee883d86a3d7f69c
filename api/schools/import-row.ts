import type pg from 'pg';
import type { SessionUser } from '../auth/accounts';
import { ApiError } from '../lib/api-error';
import { INPUT_CRS, type InputCrs } from '../lib/china-crs';
import { RowError } from '../lib/row-import';
import { COLUMNS, type Column } from '@shared/schools/school-columns';
import { createSchool } from './school-store';
import { CreateSchoolBody, SCHOOL_KINDS, type SchoolKind } from './write-schemas';

export { COLUMNS, REQUIRED, type Column } from '@shared/schools/school-columns';

const KIND_WORDS: Record<string, SchoolKind> = {
  小学: 'primary', 初中: 'junior_middle', 初级中学: 'junior_middle', 中学: 'junior_middle', 高中: 'senior_middle', 高级中学: 'senior_middle',
  九年一贯制: 'nine_year', 九年一贯制学校: 'nine_year', 职业学校: 'vocational', 职业中专: 'vocational', 中职: 'vocational', 职专: 'vocational', 其他: 'other',
};
const CRS_WORDS: Record<string, InputCrs> = { 'gcj-02': 'gcj02', 高德: 'gcj02', 腾讯: 'gcj02', 'bd-09': 'bd09', 百度: 'bd09', 'wgs-84': 'wgs84', cgcs2000: 'wgs84' };

/** The column a field of the write (`gates.0.lat`, `lon`, `kind`) was read from. */
function columnOf(path: string): string {
  if (path.startsWith('gates')) return path.endsWith('.lat') ? 'gate_lat' : 'gate_lon';
  return path.split('.')[0];
}

const number = (raw: string, field: Column) => {
  if (raw === '') throw new RowError(field, 'empty', 'required');
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new RowError(field, `"${raw}" is not a number`, 'not_a_number');
  return n;
};

/**
 * One row of a school list saved, in the caller's transaction (a savepoint per row): its cells read
 * by `get` (texts), checked as POST /api/schools checks a body, and entered by the same code
 * (createSchool: PostGIS places it, the officer's brigade holds it, its gate on the road). A
 * RowError names the column when a check fails.
 */
export async function importRow(
  client: pg.ClientBase, user: SessionUser, get: (c: Column) => string,
  given: { crs: InputCrs; allowDuplicates: boolean; file: string; row: number },
): Promise<number> {
  for (const k of Object.keys(COLUMNS) as Column[]) if (get(k).includes('\u0000')) throw new RowError(k, 'contains a NUL character', 'nul');
  const kindRaw = get('kind');
  const kind = kindRaw === '' ? 'other' : (SCHOOL_KINDS as readonly string[]).includes(kindRaw) ? kindRaw : KIND_WORDS[kindRaw];
  if (!kind) throw new RowError('kind', `unknown kind "${kindRaw}" (小学、初中、高中、九年一贯制、职业学校、其他, or ${SCHOOL_KINDS.join(', ')})`, 'unknown_kind');
  const crsRaw = get('crs').toLowerCase();
  const crs = crsRaw === '' ? given.crs : (INPUT_CRS as readonly string[]).includes(crsRaw) ? (crsRaw as InputCrs) : CRS_WORDS[crsRaw];
  if (!crs) throw new RowError('crs', `unknown coordinate system "${get('crs')}" (wgs84, gcj02 or bd09)`, 'unknown_crs');
  const [gateLon, gateLat] = [get('gate_lon'), get('gate_lat')];
  if ((gateLon === '') !== (gateLat === '')) throw new RowError(gateLon === '' ? 'gate_lon' : 'gate_lat', 'gate_lon and gate_lat go together', 'required');
  const body = CreateSchoolBody.safeParse({
    name: get('name'),
    kind,
    lon: number(get('lon'), 'lon'),
    lat: number(get('lat'), 'lat'),
    crs,
    ...(gateLon !== '' && { gates: [{ name: '正门', lon: number(gateLon, 'gate_lon'), lat: number(gateLat, 'gate_lat') }] }),
    source: `imported by ${user.username} (${given.file})`.slice(0, 200),
    confirmNotDuplicate: given.allowDuplicates,
  });
  if (!body.success) {
    const issue = body.error.issues[0];
    throw new RowError(columnOf(issue.path.map(String).join('.')), issue.message, issue.path[0] === 'name' && !get('name') ? 'required' : 'invalid');
  }
  try {
    return await createSchool(client, user, { ...body.data, via: { via: 'import', file: given.file, row: given.row } });
  } catch (e) {
    if (!(e instanceof ApiError) || e.code === 'internal') throw e;
    const d = e.details[0];
    // 403 scope and 409 possible_duplicate name their rule as their reason.
    const rule = d?.rule ?? (d?.reason === 'scope' || d?.reason === 'possible_duplicate' ? d.reason : undefined);
    throw new RowError(columnOf(d?.path ?? d?.param ?? 'lon'), e.message, rule);
  }
}
