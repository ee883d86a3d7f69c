import { z } from 'zod';
import builtIn from './segment-rules.json' with { type: 'json' };

/**
 * Rules that flag a road window as 事故多发点段. Rules are data: each has an id, a name and a
 * readable condition over the window's counts within the last `months` months of the analysis
 * window, e.g. `fatal >= 3 or injury >= 10`. `and` binds tighter than `or`; no parentheses.
 */
export const RULE_METRICS = ['crashes', 'fatal', 'injury', 'pdo', 'deaths', 'injuries', 'epdo', 'night'] as const;
export type RuleMetric = (typeof RULE_METRICS)[number];

export interface SegmentRule {
  id: string;
  name: string;
  nameEn?: string;
  months: number;
  condition: string;
}

/** One comparison; a rule fires when every clause of any one of its groups holds. */
export interface RuleClause {
  rule: number; // index in the rule list
  group: number;
  metric: RuleMetric;
  op: '>=' | '>';
  value: number;
}

const RuleSchema = z.object({
  id: z.string().regex(/^[\w-]{1,40}$/, 'id must be 1–40 letters, digits, - or _'),
  name: z.string().min(1, 'name is required').max(120),
  nameEn: z.string().max(120).optional(),
  months: z.number().int('months must be a whole number').min(1, 'months must be at least 1').max(120, 'months must be at most 120'),
  condition: z.string().min(1, 'condition is required').max(200),
});

export const BUILT_IN_RULE_SETS: Record<string, SegmentRule[]> = builtIn;

const CLAUSE = /^\s*([a-z]+)\s*(>=|≥|>)\s*(\d+(?:\.\d+)?)\s*$/;

/** Parses `fatal >= 3 or injury >= 10` into groups of clauses (or-of-ands); throws a readable Error. */
export function parseCondition(condition: string): Omit<RuleClause, 'rule'>[] {
  const clauses: Omit<RuleClause, 'rule'>[] = [];
  condition.split(/\s+or\s+/i).forEach((group, g) => {
    for (const part of group.split(/\s+and\s+/i)) {
      const m = CLAUSE.exec(part);
      if (!m) throw new Error(`cannot read "${part.trim()}": write metric >= number, joined by and / or`);
      const [, metric, op, value] = m;
      if (!RULE_METRICS.includes(metric as RuleMetric)) {
        throw new Error(`unknown metric "${metric}"; use one of ${RULE_METRICS.join(', ')}`);
      }
      if (Number(value) <= 0) throw new Error(`"${part.trim()}": the threshold must be above 0`);
      clauses.push({ group: g, metric: metric as RuleMetric, op: op === '>' ? '>' : '>=', value: Number(value) });
    }
  });
  return clauses;
}

export interface ParsedRules {
  rules: SegmentRule[];
  clauses: RuleClause[];
}

/** `raw` is a built-in set name (`default`) or a JSON array of rules. Errors name the rule and field. */
export function parseRules(raw: string): ParsedRules {
  const text = raw.trim();
  let rules: SegmentRule[];
  if (BUILT_IN_RULE_SETS[text]) {
    rules = BUILT_IN_RULE_SETS[text];
  } else {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`must be a rule-set name (${Object.keys(BUILT_IN_RULE_SETS).join(', ')}) or a JSON array of rules`);
    }
    if (!Array.isArray(json) || json.length === 0 || json.length > 20) {
      throw new Error('must be a JSON array of 1–20 rules {id, name, months, condition}');
    }
    rules = json.map((r, i) => {
      const parsed = RuleSchema.safeParse(r);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`rule ${i + 1}: ${issue.path.join('.') || 'rule'}: ${issue.message}`);
      }
      return parsed.data;
    });
    const ids = rules.map((r) => r.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) throw new Error(`rule id "${dup}" is used twice`);
  }
  const clauses = rules.flatMap((r, i) => {
    try {
      return parseCondition(r.condition).map((c) => ({ ...c, rule: i }));
    } catch (e) {
      throw new Error(`rule ${i + 1} (${r.id}): condition: ${(e as Error).message}`);
    }
  });
  return { rules, clauses };
}
