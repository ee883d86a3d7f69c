import { sqlFile } from '../lib/sql-file';
import type { RuleMetric, SegmentRule, RuleClause } from './segment-rules';

const TEMPLATE = sqlFile(new URL('./segments.sql', import.meta.url));

/** Default windows are five steps long (rural 500/100 m, urban 200/40 m). */
export const STEPS_PER_WINDOW = 5;

const since = (months: number) =>
  `((($2::date + 1) - interval '${months} months')::timestamp AT TIME ZONE 'Asia/Shanghai')`;

function bucketColumn(metric: RuleMetric, months: number): string {
  const inPeriod = `occurred_at >= ${since(months)}`;
  switch (metric) {
    case 'crashes':
      return `count(*) FILTER (WHERE ${inPeriod})`;
    case 'fatal':
    case 'injury':
    case 'pdo':
      return `count(*) FILTER (WHERE ${inPeriod} AND severity = '${metric}')`;
    case 'night':
      return `count(*) FILTER (WHERE ${inPeriod} AND night)`;
    case 'deaths':
    case 'injuries':
    case 'epdo':
      return `coalesce(sum(${metric}) FILTER (WHERE ${inPeriod}), 0)`;
  }
}

const column = (months: number, metric: RuleMetric) => `p${months}_${metric}`;

/**
 * The segments query for a parsed rule set. Rules are data; this turns each into an SQL
 * predicate. Only checked pieces go into the text: metric names from RULE_METRICS, operators
 * `>=`/`>`, finite numbers and whole months.
 */
export function segmentsQuery(rules: SegmentRule[], clauses: RuleClause[], stepsPerWindow: number): string {
  const needed = new Map<string, { months: number; metric: RuleMetric }>();
  for (const c of clauses) {
    const months = rules[c.rule].months;
    needed.set(column(months, c.metric), { months, metric: c.metric });
  }
  for (const { months } of rules) {
    if (!Number.isInteger(months)) throw new Error(`months must be whole: ${months}`);
  }
  const bucketColumns = [...needed].map(([name, { months, metric }]) => `, ${bucketColumn(metric, months)} AS ${name}`);
  const windowColumns = [...needed.keys()].map((name) => `, sum(${name}) OVER w AS ${name}`);
  const predicates = rules.map((rule, i) => {
    const groups = new Map<number, string[]>();
    for (const c of clauses.filter((cl) => cl.rule === i)) {
      if (!Number.isFinite(c.value) || (c.op !== '>=' && c.op !== '>')) throw new Error(`bad clause in rule ${rule.id}`);
      groups.set(c.group, [...(groups.get(c.group) ?? []), `w.${column(rule.months, c.metric)} ${c.op} ${c.value}`]);
    }
    const condition = [...groups.values()].map((g) => `(${g.join(' AND ')})`).join(' OR ');
    return `CASE WHEN ${condition} THEN ${i} END`;
  });
  return TEMPLATE.replace('{{bucket_columns}}', bucketColumns.join('\n    '))
    .replace('{{window_columns}}', windowColumns.join('\n      '))
    .replace('{{rules_fired}}', `array_remove(ARRAY[${predicates.join(', ')}]::int[], NULL)`)
    .replace('{{steps_per_window_minus_1}}', String(stepsPerWindow - 1));
}
