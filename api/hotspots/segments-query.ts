import { sqlFile } from '../lib/sql-file';
import { shiftDate } from './params';
import type { RuleMetric, SegmentRule, RuleClause } from './segment-rules';

const TEMPLATE = sqlFile(new URL('./segments.sql', import.meta.url));

/** Default windows are five steps long (rural 500/100 m, urban 200/40 m). */
export const STEPS_PER_WINDOW = 5;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `date` minus whole months, as PostgreSQL's `date - interval 'n months'`: the day of the month
 * is kept, or clamped to the last day of a shorter month (2026-03-31 − 1 month = 2026-02-28).
 */
export function minusMonths(date: string, months: number): string {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(m[3]), lastDay);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The first local day a rule of `months` counts: its period is the `months` months ending at `to`. */
export const ruleStart = (to: string, months: number) => minusMonths(shiftDate(to, 0, 1), months);

/** The ranking window's own columns in the buckets and windows, which a rule over the same period reuses. */
const RANKING_COLUMNS: Partial<Record<RuleMetric, string>> = { crashes: 'n', fatal: 'fatal', injury: 'injury', deaths: 'deaths' };

const METRIC_FILTER: Record<RuleMetric, string | null> = {
  crashes: null,
  fatal: `severity = 'fatal'`,
  injury: `severity = 'injury'`,
  pdo: `severity = 'pdo'`,
  night: 'night',
  deaths: null,
  injuries: null,
  epdo: null,
};

/** One rule metric over one period, as an aggregate over the bucket's crashes (`since`: a time bound or null for all read). */
function bucketColumn(metric: RuleMetric, since: string | null): string {
  const conditions = [since, METRIC_FILTER[metric]].filter((c): c is string => c !== null);
  const filter = conditions.length ? ` FILTER (WHERE ${conditions.join(' AND ')})` : '';
  switch (metric) {
    case 'deaths':
    case 'injuries':
      return `coalesce(sum(${metric})${filter}, 0)::int`;
    case 'epdo':
      return `coalesce(sum(${metric})${filter}, 0)`;
    default:
      return `count(*)${filter}::int`;
  }
}

export interface SegmentsSql {
  sql: string;
  /** First local day read ($11): the earlier of `from` and the longest rule's start. */
  readFrom: string;
}

/**
 * The segments query for a parsed rule set over the ranking window [from, to]. Rules are data;
 * this turns each into an SQL predicate. Only checked pieces go into the text: metric names from
 * RULE_METRICS, operators `>=`/`>`, finite numbers, and dates it computed itself.
 *
 * Every column costs time per crash read, so a rule period equal to the ranking window reuses
 * its columns, and one that starts where reading starts needs no time filter.
 */
export function segmentsQuery(rules: SegmentRule[], clauses: RuleClause[], stepsPerWindow: number, window: { from: string; to: string }): SegmentsSql {
  for (const { months } of rules) {
    if (!Number.isInteger(months)) throw new Error(`months must be whole: ${months}`);
  }
  const starts = new Map(rules.map((r) => [r.months, ruleStart(window.to, r.months)]));
  const readFrom = [window.from, ...starts.values()].sort()[0];
  const since = (day: string) => `occurred_at >= ('${day}'::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;

  const columns = new Map<string, string>(); // name → bucket aggregate
  const columnOf = (months: number, metric: RuleMetric): string => {
    const start = starts.get(months)!;
    const reuse = RANKING_COLUMNS[metric];
    if (start === window.from && reuse) return reuse;
    const name = `p${months}_${metric}`;
    const bound = start === window.from ? 'in_period' : start === readFrom ? null : since(start);
    columns.set(name, bucketColumn(metric, bound));
    return name;
  };

  const predicates = rules.map((rule, i) => {
    const groups = new Map<number, string[]>();
    for (const c of clauses.filter((cl) => cl.rule === i)) {
      if (!Number.isFinite(c.value) || (c.op !== '>=' && c.op !== '>')) throw new Error(`bad clause in rule ${rule.id}`);
      groups.set(c.group, [...(groups.get(c.group) ?? []), `w.${columnOf(rule.months, c.metric)} ${c.op} ${c.value}`]);
    }
    const condition = [...groups.values()].map((g) => `(${g.join(' AND ')})`).join(' OR ');
    return `CASE WHEN ${condition} THEN ${2 ** i}::bigint ELSE 0 END`;
  });
  const bucketColumns = [...columns].map(([name, expr]) => `, ${expr} AS ${name}`);
  const windowColumns = [...columns.keys()].map((name) => `, sum(${name}) OVER w AS ${name}`);
  const sql = TEMPLATE.replaceAll('{{bucket_columns}}', bucketColumns.join('\n    '))
    .replaceAll('{{window_columns}}', windowColumns.join('\n      '))
    .replaceAll('{{rules_fired}}', predicates.join(' | '))
    .replaceAll('{{steps_per_window_minus_1}}', String(stepsPerWindow - 1));
  return { sql, readFrom };
}
