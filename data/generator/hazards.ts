/**
 * Synthetic road hazards for the demo ledger (隐患台账), deterministic from a seed: where (a
 * county, a road of it and a position along it, as fractions the seeder resolves against the
 * stored roads), what (type, risk, a description), when found, and how far along the ledger each
 * has come (the actions and their days). Nothing here is real; the seeder marks them synthetic.
 */
import { Rng } from './random';

export const SYNTHETIC_HAZARD_TYPES = [
  'sight_line', 'vegetation', 'roadside_market', 'lighting', 'school',
  'signs_markings', 'traffic_calming', 'pavement', 'crop_drying', 'other',
] as const;
export type SyntheticHazardType = (typeof SYNTHETIC_HAZARD_TYPES)[number];

// How often brigades find each kind (rough shares; crops dry on the road only at harvest).
const TYPE_WEIGHTS = [14, 16, 10, 12, 8, 14, 8, 10, 5, 3];

const DESCRIPTIONS: Record<SyntheticHazardType, string[]> = {
  sight_line: ['路口东北角建筑遮挡视线，视距不足', '弯道内侧围墙遮挡，会车视距不足', '平交路口无让行标志且视距受限'],
  vegetation: ['路侧树木枝叶遮挡路口视线', '中央分隔带绿植过高遮挡行人', '玉米地紧邻路口，夏季遮挡视线'],
  roadside_market: ['逢集日摊位占道经营，人车混行', '早市在国道两侧摆摊', '农贸市场门前车辆乱停占道'],
  lighting: ['村口路段无路灯，夜间照明不足', '路灯损坏多处未修复', '桥头无照明且无反光设施'],
  school: ['学校门口无减速带和人行横道', '上下学时段接送车辆占道', '校门正对干线公路无警示标志'],
  signs_markings: ['路面标线磨损看不清', '限速标志被树木遮挡', '急弯处缺少警示标志'],
  traffic_calming: ['长直路段接村口无减速设施', '下坡接路口无减速带', '村内道路车速过快缺少减速垄'],
  pavement: ['路面坑槽多处', '桥头跳车明显', '路肩塌陷'],
  crop_drying: ['麦收期间村民在道路上晾晒小麦', '秋收玉米占道晾晒', '道路堆放秸秆'],
  other: ['路侧沟渠无防护', '电线杆紧贴行车道', '施工区域无围挡'],
};

export type LedgerAction = 'assign' | 'start' | 'report' | 'fail' | 'pass' | 'invalidate';

export interface HazardPlan {
  /** Index into the counties as the seeder lists them (by code). */
  county: number;
  /**
   * Where: on a road (which of the county's roads, as a fraction of the list, and where along it),
   * or at a crash (which of the county's injury and fatal crashes before it was found, as a
   * fraction of the list): the ledger's past was registered where people had been hurt.
   */
  at: 'road' | 'crash';
  road: number;
  along: number;
  type: SyntheticHazardType;
  risk: 'major' | 'high' | 'general';
  description: string;
  foundOn: string;
  /** Deadline, days after found (for those handed to a unit). */
  deadlineDays: number;
  /** Which candidate unit takes it (fraction of the list the seeder builds). */
  unit: number;
  steps: { action: LedgerAction; day: string; note?: string }[];
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** `count` hazards over `counties` counties, found in the year ending at `lastDay`; no step later than `lastDay`. */
export function planHazards(seed: number, count: number, counties: number, lastDay: string): HazardPlan[] {
  const rng = new Rng(seed, 'hazards');
  // How far each has come: registered, assigned, under way, awaiting re-inspection, closed,
  // invalid. Most found months ago are closed; a few linger (the overdue ones a ledger shows).
  return Array.from({ length: count }, () =>
    planOne(rng, counties, lastDay, () => rng.int(360), (age) => (age < 90 ? [18, 30, 25, 12, 10, 5] : [2, 5, 5, 3, 80, 5])),
  );
}

/**
 * The ledger's past: `count` hazards found one to four years before `lastDay`, all closed (nearly
 * all as rectified), so that "did it work" has closings of 2023–2025 to evaluate (all 视距 hazards
 * closed in 2024). Their own random stream: the year's plans above stay as they were.
 */
export function planHazardHistory(seed: number, count: number, counties: number, lastDay: string): HazardPlan[] {
  const rng = new Rng(seed, 'hazards-history');
  return Array.from({ length: count }, () => ({ ...planOne(rng, counties, lastDay, () => 365 + rng.int(1095), () => [0, 0, 0, 0, 92, 8]), at: 'crash' as const }));
}

/** One hazard found `ageOf()` days before `lastDay`, taken as far as a stage drawn by its weights for that age. */
function planOne(rng: Rng, counties: number, lastDay: string, ageOf: () => number, stageWeights: (age: number) => number[]): HazardPlan {
  const type = SYNTHETIC_HAZARD_TYPES[rng.weightedIndex(TYPE_WEIGHTS)];
  const age = ageOf();
  const foundOn = addDays(lastDay, -age);
  const deadlineDays = 30 + rng.int(61);
  const risk = rng.chance(0.08) ? 'major' : rng.chance(0.4) ? 'high' : 'general';
  const stage = rng.weightedIndex(stageWeights(age));
  const steps: HazardPlan['steps'] = [];
  let day = foundOn;
  const step = (action: LedgerAction, after: number, note?: string) => {
    const next = addDays(day, after);
    if (next > lastDay) return false;
    day = next;
    steps.push({ action, day, note });
    return true;
  };
  if (stage === 5) step('invalidate', 1 + rng.int(5), '经核实不属于道路交通安全隐患');
  else if (stage >= 1 && step('assign', 1 + rng.int(6))) {
    if (stage >= 2 && step('start', 2 + rng.int(10)) && stage >= 3 && step('report', 5 + rng.int(deadlineDays), '已按整改方案完成整改')) {
      // Some fail re-inspection first; one that has not been reported again since stays assigned.
      const failed = stage === 4 && rng.chance(0.2) && step('fail', 2 + rng.int(5), '复查未通过，整改不到位');
      if (stage === 4 && (!failed || step('report', 5 + rng.int(20), '已补充整改'))) step('pass', 2 + rng.int(7));
    }
  }
  return {
    county: rng.int(counties),
    at: 'road',
    road: rng.next(),
    along: rng.next(),
    type,
    risk,
    description: DESCRIPTIONS[type][rng.int(DESCRIPTIONS[type].length)],
    foundOn,
    deadlineDays,
    unit: rng.next(),
    steps,
  };
}
