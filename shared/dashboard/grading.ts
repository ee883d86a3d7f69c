/**
 * 红黄绿: the three-colour grading of counties and townships on the dashboard and in the briefing.
 * The rules are data (grading-rules.json, or a file of the same shape named by GRADING_RULES):
 * each has an id, the grade it sets (red or yellow), a name in Chinese and English, and a
 * condition over a part's numbers such as `rectificationRate < 60% or overdue > 5` (`and` binds
 * tighter than `or`). A part is red when a red rule fires, else yellow when a yellow one does,
 * else green; its grade names the rules that set it. A clause on a number the part does not have
 * (整改率 with no hazards found, 同比 with none last year) does not fire.
 */
import builtIn from './grading-rules.json' with { type: 'json' };

export const GRADES = ['red', 'yellow', 'green'] as const;
export type Grade = (typeof GRADES)[number];

/** The numbers a condition may test, each as the dashboard shows it for a part. */
export const GRADE_METRICS = [
  'accidents', 'deaths', 'injuries', 'epdo',
  'accidentsYoy', 'deathsYoy', 'injuriesYoy', 'accidentsChange', 'deathsChange', 'injuriesChange',
  'deathsPer10k', 'deathsPer100k',
  'found', 'closed', 'overdue', 'open', 'rectificationRate',
] as const;
export type GradeMetric = (typeof GRADE_METRICS)[number];
export type GradeInput = Record<GradeMetric, number | null>;

export interface GradeRule {
  id: string;
  grade: 'red' | 'yellow';
  name: string;
  nameEn?: string;
  condition: string;
}

type Op = '>=' | '>' | '<=' | '<';
interface Clause { metric: GradeMetric; op: Op; value: number }
export interface ParsedGradeRule extends GradeRule { groups: Clause[][] }

const CLAUSE = /^\s*([A-Za-z0-9]+)\s*(>=|≥|>|<=|≤|<)\s*(-?\d+(?:\.\d+)?)\s*(%?)\s*$/;
const OPS: Record<string, Op> = { '>=': '>=', '≥': '>=', '>': '>', '<=': '<=', '≤': '<=', '<': '<' };

/** Parses `rectificationRate < 60% or overdue > 5` into or-groups of clauses; `60%` is 0.6. Throws a readable Error. */
export function parseGradeCondition(condition: string): Clause[][] {
  return condition.split(/\s+or\s+/i).map((group) =>
    group.split(/\s+and\s+/i).map((part) => {
      const m = CLAUSE.exec(part);
      if (!m) throw new Error(`cannot read "${part.trim().slice(0, 60)}": write metric < number (or <=, >, >=), joined by and / or`);
      const [, metric, op, value, pct] = m;
      if (!(GRADE_METRICS as readonly string[]).includes(metric)) throw new Error(`unknown number "${metric}"; use one of ${GRADE_METRICS.join(', ')}`);
      return { metric: metric as GradeMetric, op: OPS[op], value: Number(value) / (pct ? 100 : 1) };
    }),
  );
}

/** Reads a rule list (the built-in one, or JSON from a file); each error names the rule and its field. */
export function parseGradeRules(json: unknown): ParsedGradeRule[] {
  if (!Array.isArray(json) || json.length === 0 || json.length > 30) throw new Error('grading rules must be a JSON array of 1–30 rules {id, grade, name, condition}');
  const seen = new Set<string>();
  return json.map((r: Record<string, unknown>, i) => {
    const at = `rule ${i + 1}${typeof r?.id === 'string' ? ` (${r.id})` : ''}`;
    if (typeof r !== 'object' || r === null) throw new Error(`${at}: must be an object`);
    if (typeof r.id !== 'string' || !/^[\w-]{1,40}$/.test(r.id)) throw new Error(`${at}: id: 1–40 letters, digits, - or _`);
    if (seen.has(r.id)) throw new Error(`${at}: id: used twice`);
    seen.add(r.id);
    if (r.grade !== 'red' && r.grade !== 'yellow') throw new Error(`${at}: grade: must be "red" or "yellow"`);
    if (typeof r.name !== 'string' || !r.name || r.name.length > 120) throw new Error(`${at}: name: 1–120 characters`);
    if (r.nameEn !== undefined && (typeof r.nameEn !== 'string' || r.nameEn.length > 120)) throw new Error(`${at}: nameEn: up to 120 characters`);
    if (typeof r.condition !== 'string' || !r.condition || r.condition.length > 200) throw new Error(`${at}: condition: 1–200 characters`);
    try {
      return { id: r.id, grade: r.grade, name: r.name, nameEn: r.nameEn as string | undefined, condition: r.condition, groups: parseGradeCondition(r.condition) };
    } catch (e) {
      throw new Error(`${at}: condition: ${(e as Error).message}`);
    }
  });
}

export const DEFAULT_GRADE_RULES = parseGradeRules(builtIn);

const holds = (c: Clause, v: number | null) =>
  v !== null && Number.isFinite(v) && (c.op === '>=' ? v >= c.value : c.op === '>' ? v > c.value : c.op === '<=' ? v <= c.value : v < c.value);

/** The rules that fire for a part's numbers. */
export function firedRules(rules: ParsedGradeRule[], input: GradeInput): ParsedGradeRule[] {
  return rules.filter((r) => r.groups.some((g) => g.every((c) => holds(c, input[c.metric]))));
}

/** A part's grade and the rules that set it (red rules for red, yellow for yellow; none for green). */
export function gradeOf(rules: ParsedGradeRule[], input: GradeInput): { grade: Grade; rules: string[] } {
  const fired = firedRules(rules, input);
  const red = fired.filter((r) => r.grade === 'red');
  if (red.length) return { grade: 'red', rules: red.map((r) => r.id) };
  const yellow = fired.filter((r) => r.grade === 'yellow');
  if (yellow.length) return { grade: 'yellow', rules: yellow.map((r) => r.id) };
  return { grade: 'green', rules: [] };
}
