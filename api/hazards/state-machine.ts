/**
 * The hazard ledger's life cycle (排查登记 → 交办落实 → 整改复查 → 销号归档) as a pure function:
 * which action moves a hazard from which state to which, and who may take it. Where the actor
 * stands (inside the hazard's brigade, the unit it is assigned to) is decided by PostGIS and the
 * database before this is asked; this only combines the answers.
 */
import type { Role } from '../auth/accounts';

export const HAZARD_STATES = ['registered', 'assigned', 'rectifying', 'inspecting', 'closed'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];

export const HAZARD_ACTIONS = [
  'assign', // 交办: hand to a responsible unit with deadline, plan (一点一策) and notice number
  'reassign', // change the unit or deadline of a hazard not yet reported done
  'start', // the unit starts work, optionally with interim measures (warning barriers, patrols)
  'measures', // record or change interim measures while work goes on
  'report', // the unit reports the work done, with evidence (at least one photo)
  'return', // 退回: the unit sends back an item wrongly handed to it, with the reason; the brigade assigns again
  'extend', // 申请延期: the unit asks for a later deadline, with the reason
  'grant', // the brigade grants the extension asked for: the deadline moves
  'refuse', // the brigade refuses it, with the reason: the deadline stays
  'pass', // the brigade's re-inspection passes: 销号
  'fail', // the re-inspection fails: back to the unit, with the reason
  'reopen', // a closed hazard comes back, with the reason
  'invalidate', // closed as invalid or a duplicate, with the reason (nothing is deleted)
] as const;
export type HazardAction = (typeof HAZARD_ACTIONS)[number];

/** Where the actor stands towards this hazard. */
export interface Actor {
  role: Role;
  /** The hazard's point lies inside the actor's scope polygon (PostGIS). */
  inScope: boolean;
  /** The actor is a liaison of the unit the hazard is assigned to. */
  ofAssignedUnit: boolean;
}

/**
 * brigade: an officer's (or an admin's); unit: a liaison's, or an officer's recording it on the
 * unit's behalf; liaison: the unit's own word to the brigade (退回, 申请延期), which an officer
 * cannot say to their own brigade (they reassign, with a new deadline, instead).
 */
type Who = 'brigade' | 'unit' | 'liaison';

/** Each action: the states it leaves from, where it goes, and whose it is. */
const ACTIONS: Record<HazardAction, { from: readonly HazardState[]; to: HazardState | 'same'; by: Who }> = {
  assign: { from: ['registered'], to: 'assigned', by: 'brigade' },
  reassign: { from: ['assigned', 'rectifying'], to: 'assigned', by: 'brigade' },
  start: { from: ['assigned'], to: 'rectifying', by: 'unit' },
  measures: { from: ['rectifying'], to: 'same', by: 'unit' },
  report: { from: ['assigned', 'rectifying'], to: 'inspecting', by: 'unit' },
  return: { from: ['assigned', 'rectifying'], to: 'registered', by: 'liaison' },
  extend: { from: ['assigned', 'rectifying'], to: 'same', by: 'liaison' },
  grant: { from: ['assigned', 'rectifying'], to: 'same', by: 'brigade' },
  refuse: { from: ['assigned', 'rectifying'], to: 'same', by: 'brigade' },
  pass: { from: ['inspecting'], to: 'closed', by: 'brigade' },
  fail: { from: ['inspecting'], to: 'assigned', by: 'brigade' },
  reopen: { from: ['closed'], to: 'registered', by: 'brigade' },
  invalidate: { from: ['registered', 'assigned', 'rectifying', 'inspecting'], to: 'closed', by: 'brigade' },
};

export type Decision =
  | { ok: true; to: HazardState }
  | { ok: false; status: 403 | 409; reason: 'role' | 'scope' | 'unit' | 'state' | 'extension'; message: string };

/** What of the hazard besides its state an action depends on. */
export interface HazardFacts {
  /** A request for more time (申请延期) waits for the brigade's answer. */
  extensionPending: boolean;
}

const NO_FACTS: HazardFacts = { extensionPending: false };

/**
 * May `actor` take `action` on a hazard in `state`, and where does it go?
 * - an admin may take any action the state allows;
 * - the brigade's actions are an officer's inside their brigade's polygon;
 * - the unit's actions are its liaisons' (on hazards assigned to their unit), or an officer's of
 *   the brigade recording them on the unit's behalf, except 退回 and 申请延期, the unit's own;
 * - a leader reads only.
 * A role that may never take the action → 403 role; the right role outside its area → 403
 * scope or unit; an action the state does not allow → 409 (the hazard moved on meanwhile).
 */
export function decide(state: HazardState, action: HazardAction, actor: Actor, facts: HazardFacts = NO_FACTS): Decision {
  const rule = ACTIONS[action];
  const mayEver = actor.role === 'admin' || (actor.role === 'officer' && rule.by !== 'liaison') || (actor.role === 'liaison' && rule.by !== 'brigade');
  if (!mayEver) {
    const message =
      actor.role === 'officer' ? `Only the assigned unit may ${action} a hazard; the brigade reassigns it instead.` : `${/^[aeiou]/.test(actor.role) ? 'An' : 'A'} ${actor.role} may not ${action} hazards.`;
    return { ok: false, status: 403, reason: 'role', message };
  }
  if (actor.role === 'officer' && !actor.inScope) {
    return { ok: false, status: 403, reason: 'scope', message: `This hazard lies outside your brigade's area.` };
  }
  if (actor.role === 'liaison' && !actor.ofAssignedUnit) {
    return { ok: false, status: 403, reason: 'unit', message: `This hazard is not assigned to your unit.` };
  }
  if (!rule.from.includes(state)) {
    return {
      ok: false,
      status: 409,
      reason: 'state',
      message: `Cannot ${action} a hazard that is ${state} (only when ${rule.from.join(' or ')}).`,
    };
  }
  // One request at a time: asked while none waits, answered while one does.
  if (action === 'extend' && facts.extensionPending) {
    return { ok: false, status: 409, reason: 'extension', message: 'A request for more time already waits for the brigade’s answer.' };
  }
  if ((action === 'grant' || action === 'refuse') && !facts.extensionPending) {
    return { ok: false, status: 409, reason: 'extension', message: `No request for more time waits to ${action}.` };
  }
  return { ok: true, to: rule.to === 'same' ? state : rule.to };
}

/** The actions `actor` may take now: what the client offers as buttons. */
export function allowedActions(state: HazardState, actor: Actor, facts: HazardFacts = NO_FACTS): HazardAction[] {
  return HAZARD_ACTIONS.filter((a) => decide(state, a, actor, facts).ok);
}

/**
 * How a 马路市场 hazard's market was rectified: 取缔 (closed), 搬迁 (relocated, to a new site),
 * 规范 (regulated: barriers, signs, 护集 police). Given with the step that closes the hazard as
 * rectified (pass), on a hazard that names its market, and then needed: the market's status
 * follows the hazard's closure.
 */
export const MARKET_RESOLUTIONS = ['closed', 'relocated', 'regulated'] as const;
export type MarketResolution = (typeof MARKET_RESOLUTIONS)[number];

/** Why `action` may not carry (or may not lack) a market resolution on this hazard; null when it is right. */
export function marketResolutionRefusal(action: HazardAction, namesMarket: boolean, given: boolean): string | null {
  if (given && action !== 'pass') return `only with pass, the step that closes a hazard as rectified (not ${action})`;
  if (given && !namesMarket) return 'only for a 马路市场 hazard that names its market (marketId)';
  if (!given && action === 'pass' && namesMarket) return `required to pass a hazard that names its market: ${MARKET_RESOLUTIONS.join(', ')} (取缔, 搬迁 with relocatedTo, 规范)`;
  return null;
}
