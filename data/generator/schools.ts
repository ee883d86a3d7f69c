/**
 * Synthetic school surroundings for the demo (校园周边), deterministic from a seed: the 220 junior
 * middle schools of data/base/school-names-371500.csv (real names, no positions in any source)
 * placed near their township's town point or else their county seat; how many gates each has
 * (the seeder puts them on the nearest roads, in SQL); guard posts (护学岗) at ~70 % of them and a
 * zone audit at ~40 %, with the failures a brigade typically finds. Nothing here but the names is
 * real; the seeder marks everything synthetic.
 */
import { readFileSync } from 'node:fs';
import { AUDIT_ITEMS, type AuditItem, type AuditResult, type SchoolHourLabel } from '../../shared/schools/school-terms';
import { loadBase, type LoadedBase } from './base-data';
import { parseCsv } from './csv';
import { toLonLat, toXY, type XY } from './geo';
import { Rng } from './random';
import type { LonLat } from './types';

export interface GuardPostPlan {
  hours: { label: SchoolHourLabel; from: string; to: string }[];
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  police: number;
  auxiliary: number;
  teachers: number;
  parents: number;
}

export interface AuditPlan {
  /** Days before the last day of the data (the ledger's clock). */
  daysBefore: number;
  items: { item: AuditItem; result: AuditResult; note: string | null }[];
}

export interface SchoolPlan {
  name: string;
  countyCode: string;
  /** Where it was placed: its township's town point (the CSV's guess), or the county seat. */
  anchor: 'township' | 'county_seat';
  anchorCode: string;
  point: LonLat;
  /** 1: 正门 only; 2: also a 侧门 on another road, if there is one within reach. */
  gates: 1 | 2;
  /** At the 正门. */
  guardPost: GuardPostPlan | null;
  audit: AuditPlan | null;
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
/** The first school of a place lies this far from its point, the k-th about √k times further out. */
const RING_M = 300;
const SPACING_M = 420;
const JITTER_M = 60;

/** How often an audited zone fails each item (rough shares; guard_post follows whether there is one). */
const FAIL_SHARE: Record<Exclude<AuditItem, 'guard_post'>, number> = {
  speed_limit_30: 0.2, children_signs: 0.15, crossing: 0.3, hatched_markings: 0.35, speed_humps: 0.3, cameras: 0.4, lighting: 0.25,
};
/** Rural schools often have no street lights to judge: some audits mark lighting not applicable. */
const LIGHTING_NA_SHARE = 0.08;

const FAIL_NOTES: Record<AuditItem, string[]> = {
  speed_limit_30: ['未设置限速30标志', '学校区域辅助标志缺失', '限速标志被树木遮挡'],
  children_signs: ['未设置注意儿童标志', '注意儿童标志褪色'],
  crossing: ['校门50米内无人行横道', '人行横道宽度不足6米', '人行横道标线磨损'],
  hatched_markings: ['校门前未施划网状线', '网状线磨损严重'],
  speed_humps: ['未设置减速带', '减速带损坏'],
  cameras: ['无监控抓拍设备', '监控设备损坏未修复'],
  lighting: ['校门路段无路灯', '路灯损坏多处'],
  guard_post: ['上下学时段无护学岗'],
};

function readSchoolNames(): { name: string; countyCode: string; townshipGuess: string | null }[] {
  const text = readFileSync(new URL('../base/school-names-371500.csv', import.meta.url), 'utf8');
  return parseCsv(text).map((r) => ({ name: r.school_name, countyCode: r.county_adcode, townshipGuess: r.township_code_guess || null }));
}

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

function planGuardPost(rng: Rng, inSeat: boolean): GuardPostPlan {
  // Arrival around 07:00–08:00 and dismissal around 16:30–18:00, shifted by up to 20 minutes.
  const arrival = 420 + 10 * (rng.int(5) - 2);
  const dismissal = 990 + 10 * (rng.int(5) - 2);
  const hours: GuardPostPlan['hours'] = [{ label: 'arrival', from: clock(arrival), to: clock(arrival + 60) }];
  if (rng.chance(0.2)) hours.push({ label: 'midday', from: '11:40', to: '12:30' });
  hours.push({ label: 'dismissal', from: clock(dismissal), to: clock(dismissal + 90) });
  return {
    hours,
    days: rng.chance(0.15) ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5],
    // County seats post police more often; townships lean on auxiliaries, teachers and parents.
    police: inSeat ? 1 + rng.int(2) : rng.int(2),
    auxiliary: 1 + rng.int(3),
    teachers: 1 + rng.int(4),
    parents: rng.int(7),
  };
}

function planAudit(rng: Rng, hasGuardPost: boolean): AuditPlan {
  const items = AUDIT_ITEMS.map((item) => {
    let result: AuditResult;
    if (item === 'guard_post') result = hasGuardPost ? 'pass' : 'fail';
    else if (item === 'lighting' && rng.chance(LIGHTING_NA_SHARE)) result = 'na';
    else result = rng.chance(FAIL_SHARE[item]) ? 'fail' : 'pass';
    return { item, result, note: result === 'fail' ? rng.pick(FAIL_NOTES[item]) : null };
  });
  return { daysBefore: rng.int(365), items };
}

/**
 * The schools, in the CSV's order. Schools sharing a place are laid out on a sunflower spiral
 * around its point (the first ~300 m out, spacing ~420 m, jittered 60 m) so that the 59 of
 * 东昌府区 do not pile up in the city centre; a position that falls outside the school's county
 * is pulled back towards the point until it is inside.
 */
export function planSchools(seed: number, base: Pick<LoadedBase, 'counties' | 'countyIndex' | 'townships'> = loadBase()): SchoolPlan[] {
  const rng = new Rng(seed, 'schools');
  const townships = new Map(base.townships.map((t) => [t.code, t]));
  const counties = new Map(base.counties.map((c, i) => [c.code, { county: c, index: base.countyIndex[i] }]));
  const placed = new Map<string, { k: number; turn: number }>();
  return readSchoolNames().map((s) => {
    const county = counties.get(s.countyCode);
    if (!county) throw new Error(`school ${s.name}: unknown county ${s.countyCode}`);
    const town = s.townshipGuess ? townships.get(s.townshipGuess) : undefined;
    const anchor = town?.point && town.countyCode === s.countyCode ? 'township' : 'county_seat';
    const anchorCode = anchor === 'township' ? town!.code : s.countyCode;
    const centre = toXY(anchor === 'township' ? town!.point! : county.county.seat);
    let at = placed.get(anchorCode);
    if (!at) placed.set(anchorCode, (at = { k: 0, turn: rng.uniform(0, 2 * Math.PI) }));
    const k = at.k++;
    const r = RING_M + SPACING_M * Math.sqrt(k);
    const angle = at.turn + k * GOLDEN_ANGLE;
    const offset: XY = [r * Math.cos(angle) + rng.uniform(-JITTER_M, JITTER_M), r * Math.sin(angle) + rng.uniform(-JITTER_M, JITTER_M)];
    let p: XY = [centre[0] + offset[0], centre[1] + offset[1]];
    for (let f = 0.5; !county.index.contains(p) && f > 0.01; f /= 2) p = [centre[0] + offset[0] * f, centre[1] + offset[1] * f];
    const gates = rng.chance(0.45) ? 2 : 1;
    const guardPost = rng.chance(0.7) ? planGuardPost(rng, anchor === 'county_seat') : null;
    const audit = rng.chance(0.4) ? planAudit(rng, guardPost !== null) : null;
    return { name: s.name, countyCode: s.countyCode, anchor, anchorCode, point: toLonLat(p), gates, guardPost, audit };
  });
}
