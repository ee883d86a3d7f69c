import type pg from 'pg';
import { createUser, type NewUser } from '../auth/accounts';

/** Departments hazards are handed to besides the townships: one of each per county and the city. */
export const DEPARTMENTS = [
  { suffix: 'jtj', name: '交通运输局', nameEn: 'Transport Bureau' },
  { suffix: 'glzx', name: '公路事业发展中心', nameEn: 'Highway Development Center' },
  { suffix: 'zjj', name: '住房和城乡建设局', nameEn: 'Housing and Urban-Rural Development Bureau' },
  { suffix: 'jyj', name: '教育和体育局', nameEn: 'Education and Sports Bureau' },
] as const;

/**
 * The responsible units: every township (code = its jurisdiction code) and the departments of
 * each county and of the city (code `<jurisdiction>-<suffix>`, e.g. 371524-jtj). Adds what is
 * missing, so it runs on every start and fills databases seeded before units existed.
 */
export async function ensureUnits(pool: pg.Pool): Promise<void> {
  await pool.query(
    `INSERT INTO units (code, name, name_en, kind, jurisdiction_code)
     SELECT code, name, name_en, 'township', code FROM jurisdictions WHERE level = 'township'
     UNION ALL
     SELECT j.code || '-' || d.suffix, j.name || d.name, coalesce(j.name_en || ' ', '') || d.name_en, 'department', j.code
     FROM jurisdictions j, jsonb_to_recordset($1::jsonb) AS d(suffix text, name text, name_en text)
     WHERE j.level IN ('city', 'county')
     ON CONFLICT (code) DO NOTHING`,
    [JSON.stringify(DEPARTMENTS.map((d) => ({ suffix: d.suffix, name: d.name, name_en: d.nameEn })))],
  );
}

export const DEMO_PASSWORD = 'changan-demo';

/** Liaisons of the demo: two townships and two departments of 东阿 (with officer.donge), one township of 临清. */
const DEMO_LIAISONS = [
  { username: 'liaison.tongcheng', unit: '371524001', displayName: '铜城街道联络员' },
  { username: 'liaison.liuji', unit: '371524101', displayName: '刘集镇联络员' },
  { username: 'liaison.jiaotong', unit: '371524-jtj', displayName: '东阿县交通运输局联络员' },
  { username: 'liaison.gonglu', unit: '371524-glzx', displayName: '东阿县公路事业发展中心联络员' },
  { username: 'liaison.xinhualu', unit: '371581002', displayName: '新华路街道联络员' },
];

/** The demo accounts (README): admin, leader (the city's and 东阿's), officer.<county pinyin> for each brigade, liaisons. */
export async function demoAccounts(pool: pg.Pool): Promise<NewUser[]> {
  const counties = await pool.query<{ code: string; name: string; name_en: string }>(
    `SELECT code, name, name_en FROM jurisdictions WHERE level = 'county' ORDER BY code`,
  );
  const units = await pool.query<{ code: string; jurisdiction_code: string }>(
    `SELECT code, jurisdiction_code FROM units WHERE code = ANY ($1)`,
    [DEMO_LIAISONS.map((l) => l.unit)],
  );
  const scopeOf = new Map(units.rows.map((u) => [u.code, u.jurisdiction_code]));
  const base = { password: DEMO_PASSWORD, demo: true };
  return [
    { ...base, username: 'admin', displayName: '系统管理员', role: 'admin', scopeCode: '371500' },
    { ...base, username: 'leader', displayName: '支队领导', role: 'leader', scopeCode: '371500' },
    // A brigade's leader: 东阿's dashboard, township by township.
    { ...base, username: 'leader.donge', displayName: '东阿县大队领导', role: 'leader', scopeCode: '371524' },
    ...counties.rows.map((c): NewUser => ({
      ...base,
      // "Dong'e" → donge
      username: `officer.${c.name_en.toLowerCase().replace(/[^a-z]/g, '')}`,
      displayName: `${c.name}大队民警`,
      role: 'officer',
      scopeCode: c.code,
    })),
    ...DEMO_LIAISONS.filter((l) => scopeOf.has(l.unit)).map((l): NewUser => ({
      ...base,
      username: l.username,
      displayName: l.displayName,
      role: 'liaison',
      scopeCode: scopeOf.get(l.unit)!,
      unitCode: l.unit,
    })),
  ];
}

/** Creates the demo accounts that do not exist yet. */
export async function ensureDemoAccounts(pool: pg.Pool): Promise<string[]> {
  const wanted = await demoAccounts(pool);
  const have = await pool.query<{ username: string }>(`SELECT username FROM users WHERE username = ANY ($1)`, [wanted.map((u) => u.username)]);
  const existing = new Set(have.rows.map((r) => r.username));
  const created: string[] = [];
  for (const u of wanted.filter((w) => !existing.has(w.username))) {
    await createUser(pool, u);
    created.push(u.username);
  }
  return created;
}
