import { describe, expect, it } from 'vitest';
import { planHazardHistory, planHazards } from '../../data/generator/hazards';
import { decide, type HazardState } from '../../api/hazards/state-machine';

describe('synthetic hazard plans', () => {
  const plans = [...planHazards(20261124, 400, 8, '2026-10-31'), ...planHazardHistory(20261124, 200, 8, '2026-10-31')];

  it('are the same for the same seed and differ for another', () => {
    expect([...planHazards(20261124, 400, 8, '2026-10-31'), ...planHazardHistory(20261124, 200, 8, '2026-10-31')]).toEqual(plans);
    expect(planHazards(7, 400, 8, '2026-10-31')).not.toEqual(plans);
  });

  it('take only steps the ledger allows, in date order, none after the last day', () => {
    const unit = { role: 'liaison' as const, inScope: true, ofAssignedUnit: true };
    const officer = { role: 'officer' as const, inScope: true, ofAssignedUnit: false };
    for (const p of plans) {
      let state: HazardState = 'registered';
      let day = p.foundOn;
      for (const s of p.steps) {
        const d = decide(state, s.action, s.action === 'start' || s.action === 'report' ? unit : officer);
        expect(d.ok, `${s.action} from ${state}`).toBe(true);
        if (d.ok) state = d.to;
        expect(s.day >= day).toBe(true);
        expect(s.day <= '2026-10-31').toBe(true);
        day = s.day;
      }
    }
  });

  it('cover every stage of the ledger and every county', () => {
    const last = new Set(plans.map((p) => p.steps.at(-1)?.action ?? 'none'));
    for (const a of ['none', 'assign', 'start', 'report', 'pass', 'invalidate']) expect(last).toContain(a);
    expect(new Set(plans.map((p) => p.county)).size).toBe(8);
  });

  it('look back: the history is found one to four years before the last day, and closed', () => {
    const history = planHazardHistory(20261124, 200, 8, '2026-10-31');
    for (const p of history) {
      expect(p.foundOn >= '2022-10-31' && p.foundOn <= '2025-10-31').toBe(true);
      expect(['pass', 'invalidate']).toContain(p.steps.at(-1)?.action);
    }
    const closed = history.map((p) => p.steps.at(-1)!.day.slice(0, 4));
    for (const year of ['2023', '2024', '2025']) expect(closed.filter((y) => y === year).length).toBeGreaterThan(30);
  });
});
