import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../api/env';
import { DEFAULT_GRADE_RULES, firedRules, gradeOf, parseGradeRules, type GradeInput } from '@shared/dashboard/grading';

/** A part with nothing to report: every rule stays quiet on it. */
const calm: GradeInput = {
  accidents: 10, deaths: 1, injuries: 4, epdo: 30,
  accidentsYoy: 0, deathsYoy: 0, injuriesYoy: 0, accidentsChange: 0, deathsChange: 0, injuriesChange: 0,
  deathsPer10k: 0.03, deathsPer100k: 0.3,
  found: 10, closed: 8, overdue: 0, open: 2, rectificationRate: 0.8,
};

describe('红黄绿 grading', () => {
  it('grades by the built-in rules, naming the rules that set each grade', () => {
    expect(gradeOf(DEFAULT_GRADE_RULES, calm)).toEqual({ grade: 'green', rules: [] });
    // Deaths up one on last year: red.
    expect(gradeOf(DEFAULT_GRADE_RULES, { ...calm, deaths: 2, deathsChange: 1 })).toEqual({ grade: 'red', rules: ['deaths-up'] });
    // 整改率 at 60 % exactly is not below it; at 59.9 % it is.
    expect(gradeOf(DEFAULT_GRADE_RULES, { ...calm, rectificationRate: 0.6 }).grade).toBe('green');
    expect(gradeOf(DEFAULT_GRADE_RULES, { ...calm, rectificationRate: 0.599 })).toEqual({ grade: 'red', rules: ['rectification-below-60'] });
    // Five overdue is not more than five; six is yellow. Accidents up 10 % is not more than 10 %; 10.1 % is.
    expect(gradeOf(DEFAULT_GRADE_RULES, { ...calm, overdue: 5 }).grade).toBe('green');
    expect(gradeOf(DEFAULT_GRADE_RULES, { ...calm, overdue: 6 })).toEqual({ grade: 'yellow', rules: ['overdue-over-5'] });
    expect(gradeOf(DEFAULT_GRADE_RULES, { ...calm, accidentsYoy: 0.1 }).grade).toBe('green');
    expect(gradeOf(DEFAULT_GRADE_RULES, { ...calm, accidentsYoy: 0.101, overdue: 9 })).toEqual({ grade: 'yellow', rules: ['overdue-over-5', 'accidents-up-10'] });
    // Red wins over yellow, and names only the red rules.
    expect(gradeOf(DEFAULT_GRADE_RULES, { ...calm, overdue: 9, deathsChange: 2 })).toEqual({ grade: 'red', rules: ['deaths-up'] });
    // A number the part does not have never fires: no hazards found (no 整改率), nothing last year (no 同比).
    expect(gradeOf(DEFAULT_GRADE_RULES, { ...calm, rectificationRate: null, accidentsYoy: null })).toEqual({ grade: 'green', rules: [] });
  });

  it('reads and / or conditions, percentages and every comparison', () => {
    const rules = parseGradeRules([
      { id: 'both', grade: 'red', name: 'both', condition: 'deathsPer10k >= 0.05 and overdue > 0' },
      { id: 'either', grade: 'yellow', name: 'either', condition: 'found <= 2 or rectificationRate ≤ 70%' },
    ]);
    expect(firedRules(rules, { ...calm, deathsPer10k: 0.05 }).map((r) => r.id)).toEqual([]);
    expect(firedRules(rules, { ...calm, deathsPer10k: 0.05, overdue: 1 }).map((r) => r.id)).toEqual(['both']);
    expect(firedRules(rules, { ...calm, found: 2 }).map((r) => r.id)).toEqual(['either']);
    expect(firedRules(rules, { ...calm, rectificationRate: 0.7 }).map((r) => r.id)).toEqual(['either']);
    expect(firedRules(rules, { ...calm, deathsPer10k: null, overdue: 3 }).map((r) => r.id)).toEqual([]);
  });

  it('refuses a rule it cannot read, naming the rule and its field', () => {
    const error = (json: unknown) => {
      try {
        parseGradeRules(json);
      } catch (e) {
        return (e as Error).message;
      }
      return 'read';
    };
    expect(error([])).toMatch(/1–30 rules/);
    expect(error([{ id: 'a', grade: 'blue', name: 'x', condition: 'overdue > 1' }])).toBe('rule 1 (a): grade: must be "red" or "yellow"');
    expect(error([{ id: 'a', grade: 'red', name: 'x', condition: 'overdue > 1' }, { id: 'a', grade: 'red', name: 'y', condition: 'overdue > 2' }])).toBe('rule 2 (a): id: used twice');
    expect(error([{ id: 'a', grade: 'red', name: 'x', condition: 'crashes > 1' }])).toMatch(/^rule 1 \(a\): condition: unknown number "crashes"/);
    expect(error([{ id: 'a', grade: 'red', name: 'x', condition: 'overdue is high' }])).toMatch(/^rule 1 \(a\): condition: cannot read "overdue is high"/);
    expect(error([{ id: 'a', grade: 'red', condition: 'overdue > 1' }])).toBe('rule 1 (a): name: 1–120 characters');
  });

  it('takes a city\'s own rules from the file GRADING_RULES names, and stops at start on a bad one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'grading-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify([{ id: 'any-death', grade: 'red', name: '发生死亡事故', condition: 'deaths > 0' }]));
    const env = loadEnv({ GRADING_RULES: good });
    expect(env.GRADE_RULES.map((r) => r.id)).toEqual(['any-death']);
    expect(gradeOf(env.GRADE_RULES, calm).grade).toBe('red');
    expect(loadEnv({}).GRADE_RULES).toBe(DEFAULT_GRADE_RULES);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'x', grade: 'red', name: 'x', condition: 'overdue >' }]));
    expect(() => loadEnv({ GRADING_RULES: bad })).toThrow(`GRADING_RULES: ${bad}: rule 1 (x): condition: cannot read "overdue >"`);
    expect(() => loadEnv({ GRADING_RULES: path.join(dir, 'missing.json') })).toThrow(/GRADING_RULES: .*missing\.json: ENOENT/);
  });
});
