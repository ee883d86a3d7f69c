import { describe, expect, it } from 'vitest';
import { ROLES } from '../../api/auth/accounts';
import { allowedActions, decide, HAZARD_ACTIONS, HAZARD_STATES, type Actor, type HazardAction, type HazardState } from '../../api/hazards/state-machine';

// The ledger's transitions as the issue states them (排查登记 → 交办落实 → 整改复查 → 销号归档).
const SPEC: [HazardState, HazardAction, HazardState, 'brigade' | 'unit' | 'liaison'][] = [
  ['registered', 'assign', 'assigned', 'brigade'],
  ['assigned', 'reassign', 'assigned', 'brigade'],
  ['rectifying', 'reassign', 'assigned', 'brigade'],
  ['assigned', 'start', 'rectifying', 'unit'],
  ['rectifying', 'measures', 'rectifying', 'unit'],
  ['assigned', 'report', 'inspecting', 'unit'],
  ['rectifying', 'report', 'inspecting', 'unit'],
  ['inspecting', 'pass', 'closed', 'brigade'],
  ['inspecting', 'fail', 'assigned', 'brigade'],
  ['closed', 'reopen', 'registered', 'brigade'],
  ['registered', 'invalidate', 'closed', 'brigade'],
  ['assigned', 'invalidate', 'closed', 'brigade'],
  ['rectifying', 'invalidate', 'closed', 'brigade'],
  ['inspecting', 'invalidate', 'closed', 'brigade'],
  ['assigned', 'return', 'registered', 'liaison'],
  ['rectifying', 'return', 'registered', 'liaison'],
  ['assigned', 'extend', 'assigned', 'liaison'],
  ['rectifying', 'extend', 'rectifying', 'liaison'],
  ['assigned', 'grant', 'assigned', 'brigade'],
  ['rectifying', 'grant', 'rectifying', 'brigade'],
  ['assigned', 'refuse', 'assigned', 'brigade'],
  ['rectifying', 'refuse', 'rectifying', 'brigade'],
];
/** Answers to a request for more time: allowed only while one waits. */
const ANSWERS: readonly HazardAction[] = ['grant', 'refuse'];

const officer: Actor = { role: 'officer', inScope: true, ofAssignedUnit: false };
const liaison: Actor = { role: 'liaison', inScope: true, ofAssignedUnit: true };

describe('hazard state machine', () => {
  it('walks a hazard from registration to closure', () => {
    const steps: [HazardAction, Actor, HazardState][] = [
      ['assign', officer, 'assigned'],
      ['start', liaison, 'rectifying'],
      ['measures', liaison, 'rectifying'],
      ['report', liaison, 'inspecting'],
      ['fail', officer, 'assigned'],
      ['report', liaison, 'inspecting'],
      ['pass', officer, 'closed'],
      ['reopen', officer, 'registered'],
    ];
    let state: HazardState = 'registered';
    for (const [action, actor, to] of steps) {
      const d = decide(state, action, actor);
      expect(d, `${action} from ${state}`).toEqual({ ok: true, to });
      state = to;
    }
  });

  // Every role × action × state × (inside the scope or not) × (of the assigned unit or not).
  const combos = ROLES.flatMap((role) =>
    HAZARD_ACTIONS.flatMap((action) =>
      HAZARD_STATES.flatMap((state) =>
        [true, false].flatMap((inScope) => [true, false].map((ofAssignedUnit) => ({ state, action, actor: { role, inScope, ofAssignedUnit } }))),
      ),
    ),
  );

  it.each(combos)('$actor.role $action from $state (in scope $actor.inScope, own unit $actor.ofAssignedUnit)', ({ state, action, actor }) => {
    const spec = SPEC.find(([from, a]) => from === state && a === action);
    const d = decide(state, action, actor);
    const by = SPEC.find(([, a]) => a === action)![3];
    const roleMay = actor.role === 'admin' || (actor.role === 'officer' && by !== 'liaison') || (actor.role === 'liaison' && by !== 'brigade');
    if (!roleMay) {
      expect(d).toMatchObject({ ok: false, status: 403, reason: 'role' });
    } else if (actor.role === 'officer' && !actor.inScope) {
      expect(d).toMatchObject({ ok: false, status: 403, reason: 'scope' });
    } else if (actor.role === 'liaison' && !actor.ofAssignedUnit) {
      expect(d).toMatchObject({ ok: false, status: 403, reason: 'unit' });
    } else if (!spec) {
      expect(d).toMatchObject({ ok: false, status: 409, reason: 'state' });
    } else if (ANSWERS.includes(action)) {
      expect(d).toMatchObject({ ok: false, status: 409, reason: 'extension' }); // nothing asked
      expect(decide(state, action, actor, { extensionPending: true })).toEqual({ ok: true, to: spec[2] });
    } else {
      expect(d).toEqual({ ok: true, to: spec[2] });
    }
    if (!d.ok) expect(d.message.length).toBeGreaterThan(10);
  });

  it('lets a leader take no action at all, and a closed hazard only be reopened', () => {
    for (const state of HAZARD_STATES) expect(allowedActions(state, { role: 'leader', inScope: true, ofAssignedUnit: true })).toEqual([]);
    expect(allowedActions('closed', { role: 'admin', inScope: false, ofAssignedUnit: false })).toEqual(['reopen']);
  });

  it('offers a liaison only the unit actions, and only on their unit’s hazards', () => {
    expect(allowedActions('assigned', liaison)).toEqual(['start', 'report', 'return', 'extend']);
    expect(allowedActions('rectifying', liaison)).toEqual(['measures', 'report', 'return', 'extend']);
    // While a request for more time waits, not another; the brigade answers it.
    expect(allowedActions('assigned', liaison, { extensionPending: true })).toEqual(['start', 'report', 'return']);
    expect(allowedActions('assigned', officer, { extensionPending: true })).toEqual(expect.arrayContaining(['grant', 'refuse']));
    expect(allowedActions('assigned', officer)).not.toContain('grant');
    expect(decide('assigned', 'grant', officer)).toMatchObject({ ok: false, status: 409, reason: 'extension' });
    expect(decide('assigned', 'extend', liaison, { extensionPending: true })).toMatchObject({ ok: false, status: 409, reason: 'extension' });
    expect(allowedActions('assigned', { ...liaison, ofAssignedUnit: false })).toEqual([]);
    expect(allowedActions('inspecting', liaison)).toEqual([]);
  });

  it('offers an officer of the brigade everything the state allows but the unit’s own word, and outside it nothing', () => {
    expect(allowedActions('inspecting', officer)).toEqual(['pass', 'fail', 'invalidate']);
    // 退回 and 申请延期 are the unit's to say to the brigade; the officer reassigns instead.
    expect(allowedActions('assigned', officer)).toEqual(['reassign', 'start', 'report', 'invalidate']);
    expect(decide('assigned', 'return', officer)).toMatchObject({ ok: false, status: 403, reason: 'role' });
    expect(allowedActions('inspecting', { ...officer, inScope: false })).toEqual([]);
  });
});
