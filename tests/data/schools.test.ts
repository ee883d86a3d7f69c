import { describe, expect, it } from 'vitest';
import { loadBase } from '@data/generator/base-data';
import { toXY } from '@data/generator/geo';
import { planSchools } from '@data/generator/schools';
import { AUDIT_ITEMS } from '@shared/schools/school-terms';

const base = loadBase();
const plans = planSchools(20261124, base);

describe('synthetic schools', () => {
  it('are the same for the same seed and placed differently for another', () => {
    expect(planSchools(20261124, base)).toEqual(plans);
    const other = planSchools(7, base);
    expect(other.map((p) => p.name)).toEqual(plans.map((p) => p.name));
    expect(other.map((p) => p.point)).not.toEqual(plans.map((p) => p.point));
  });

  it('lie in their county, at their township’s town when the list guesses one (121), else at the county seat', () => {
    expect(plans).toHaveLength(220);
    expect(plans.filter((p) => p.anchor === 'township')).toHaveLength(121);
    for (const p of plans) {
      const i = base.counties.findIndex((c) => c.code === p.countyCode);
      expect(base.countyIndex[i].contains(toXY(p.point)), p.name).toBe(true);
      const anchor = p.anchor === 'township' ? base.townships.find((t) => t.code === p.anchorCode)!.point! : base.counties[i].seat;
      const [ax, ay] = toXY(anchor);
      const [x, y] = toXY(p.point);
      // The sunflower spiral: 59 schools at 东昌府区's seat reach about 300 + 420·√58 ≈ 3.5 km out.
      expect(Math.hypot(x - ax, y - ay), p.name).toBeLessThan(3600);
    }
  });

  it('keep schools that share a town apart', () => {
    const xy = plans.map((p) => toXY(p.point));
    let closest = Infinity;
    for (let i = 0; i < xy.length; i++)
      for (let j = i + 1; j < xy.length; j++) closest = Math.min(closest, Math.hypot(xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]));
    expect(closest).toBeGreaterThan(150);
  });

  it('give guard posts to about 70 % and audits to about 40 %, with the full checklist and some failures', () => {
    const posted = plans.filter((p) => p.guardPost).length / plans.length;
    const audited = plans.filter((p) => p.audit);
    expect(posted).toBeGreaterThan(0.6);
    expect(posted).toBeLessThan(0.8);
    expect(audited.length / plans.length).toBeGreaterThan(0.3);
    expect(audited.length / plans.length).toBeLessThan(0.5);
    for (const p of audited) {
      expect(p.audit!.items.map((i) => i.item)).toEqual([...AUDIT_ITEMS]);
      // The guard-post item says whether the school has one.
      expect(p.audit!.items.find((i) => i.item === 'guard_post')!.result).toBe(p.guardPost ? 'pass' : 'fail');
      for (const i of p.audit!.items) expect(i.note === null).toBe(i.result !== 'fail');
    }
    expect(audited.filter((p) => p.audit!.items.some((i) => i.result === 'fail')).length).toBeGreaterThan(audited.length / 2);
  });

  it('staff every guard post and keep its hours in order', () => {
    for (const p of plans.filter((x) => x.guardPost)) {
      const g = p.guardPost!;
      expect(g.police + g.auxiliary + g.teachers + g.parents).toBeGreaterThan(0);
      for (const h of g.hours) expect(h.from < h.to).toBe(true);
      expect(g.days.every((d) => d >= 1 && d <= 7)).toBe(true);
    }
  });
});
