import type pg from 'pg';

/**
 * A responsible unit as a ledger writes it (县住建局, 刘集镇政府, 公路局), matched to a unit of the
 * hazard's county: by code or exact name first, then by the name without the county's name and
 * the words ledgers add or drop (人民政府, 政府, 办事处), with the common short forms written out
 * (住建局 = 住房和城乡建设局), then a township by its name without 镇/乡/街道. `how` says which,
 * for the preview to show; null: no unit, or more than one (`candidates` names them).
 */
export interface UnitMatch {
  code: string;
  name: string;
  how: 'exact' | 'alias' | 'created';
}

const SHORT_FORMS: [RegExp, string][] = [
  [/住建(局)?$/, '住房和城乡建设局'],
  [/交通局$/, '交通运输局'],
  [/公路(局|中心|站|段)$/, '公路事业发展中心'],
  [/(教育局|教体局)$/, '教育和体育局'],
];

/** A unit name with its county's name, government words and township suffix taken away. */
function stem(name: string, county: string): string {
  let s = name.replace(/\s+/g, '');
  const short = county.replace(/(县|市|区)$/, '');
  for (const prefix of [county, short, '县', '市', '区']) if (s.startsWith(prefix) && s.length > prefix.length + 1) s = s.slice(prefix.length);
  s = s.replace(/(人民政府|政府|办事处|党委)$/, '');
  for (const [from, to] of SHORT_FORMS) s = s.replace(from, to);
  return s.replace(/(街道|镇|乡)$/, '');
}

export async function matchUnit(db: pg.ClientBase, raw: string, county: string): Promise<{ match: UnitMatch | null; candidates: string[] }> {
  const exact = await db.query<{ code: string; name: string }>(`SELECT code, name FROM units WHERE code = $1 OR name = $1 ORDER BY code = $1 DESC, code LIMIT 1`, [raw]);
  if (exact.rowCount) return { match: { ...exact.rows[0], how: 'exact' }, candidates: [] };
  // The county's units and the city's (a city department serves every county).
  const units = (await db.query<{ code: string; name: string; county: string }>(
    `SELECT n.code, n.name, c.name AS county FROM units n JOIN jurisdictions c ON c.code = $1
     WHERE n.jurisdiction_code = $1 OR n.jurisdiction_code LIKE $1 || '%' OR n.jurisdiction_code = '371500'
     ORDER BY n.code`,
    [county],
  )).rows;
  if (!units.length) return { match: null, candidates: [] };
  const want = stem(raw, units[0].county);
  const found = units.filter((u) => stem(u.name, units[0].county) === want);
  if (found.length === 1) return { match: { code: found[0].code, name: found[0].name, how: 'alias' }, candidates: [] };
  return { match: null, candidates: found.map((u) => u.name) };
}

/** A department unit the ledger names that the county does not have yet, created under the county. */
export async function createUnit(db: pg.ClientBase, raw: string, county: string): Promise<UnitMatch> {
  const r = await db.query<{ code: string; name: string }>(
    `INSERT INTO units (code, name, kind, jurisdiction_code)
     SELECT $2 || '-u' || (SELECT count(*) + 1 FROM units WHERE code LIKE $2 || '-u%'), $1, 'department', $2
     RETURNING code, name`,
    [raw, county],
  );
  return { ...r.rows[0], how: 'created' };
}
