import { CAPABILITIES, cloudEvent, type CloudEvent, type ConsentKind, type Proposal } from '@imc/contracts';
import type { PlanningProblem } from '../planning-problem';
import { buildPlanningProblem } from '../planning-problem.builder';
import type { PlanFn } from '../planning-session';
import type { World } from '../world.state';

/**
 * A consent as the stress report names it: `contributor:PAK|UNMIL|UNOCI` (item, from, to). The
 * report has no capability in it: pre-clearing is asked of a party for a pair of missions.
 */
export type ConsentKey = string;

export function consentKey(item: string, fromMission: string, toMission: string): ConsentKey {
  return `${item}|${fromMission}|${toMission}`;
}

export function parseConsentKey(key: ConsentKey): { item: string; fromMission: string; toMission: string } {
  const [item, fromMission, toMission] = key.split('|');
  return { item, fromMission, toMission };
}

/** What one planned sample says, in integers (shortfalls in thousandths of a unit) so sums merge exactly. */
export interface SampleOutcome {
  /** missionId -> shortfall (milli-units), missions with none left out. */
  shortfall: Record<string, number>;
  /** Sum of `shortfall`. */
  total: number;
  /** `${donor}|${capability}` -> units this sample's plan lends. */
  lends: Record<string, number>;
  /** `${mission}|${capability}` of every reserve floor a short demand names as its reason. */
  floors: string[];
  /** Consents on the critical path of a proposed loan. */
  critical: ConsentKey[];
  /** Consents that ruled a donor out (refused, missing, expired, or too late) for a demand left short. */
  blocking: ConsentKey[];
  /**
   * Consents whose grant now could change this sample's problem: on the critical path of a
   * candidate pair, or the first of its consents to expire, or named by an exclusion. A grant of any
   * other consent leaves every pair's arrival, coverage and cost, and so the plan's shortfall, as
   * they are: the pre-clearance re-runs skip those samples.
   */
  touched: ConsentKey[];
}

export const MILLI = 1000;

export function toMilli(units: number): number {
  return Math.round(units * MILLI);
}

/**
 * The event that grants a consent now, for every capability between the two missions. It lists
 * each capability by name and carries a version above every record's, so that under the
 * contract's rule (most specific, then latest version) it wins over any record it meets; it has no
 * validUntil: a fresh grant.
 */
export function grantEvent(world: World, key: ConsentKey, eventId: string): CloudEvent {
  const { item, fromMission, toMission } = parseConsentKey(key);
  const colon = item.indexOf(':');
  const kind = item.slice(0, colon) as ConsentKind;
  const party = item.slice(colon + 1);
  const version = 1 + world.consents().reduce((max, c) => Math.max(max, c.version), 0);
  return cloudEvent({
    id: eventId,
    source: '/stress-test',
    type: 'imc.consent.recorded',
    time: world.asOf ?? new Date(0).toISOString(),
    subject: `stress-grant:${key}`,
    data: { consentId: `stress-grant:${key}`, kind, party, fromMission, toMission, capabilities: [...CAPABILITIES], status: 'granted', version },
  });
}

/**
 * Plans one sample: a copy of `base` with the sampled crises declared (and, for a pre-clearance
 * re-run, one consent granted), planned as the allocator would, with the world's latest proposal
 * as the previous one. `base` is left untouched.
 */
export async function planSample(base: World, events: readonly CloudEvent[], plan: PlanFn, grant?: ConsentKey): Promise<{ problem: PlanningProblem; proposal: Proposal }> {
  const world = base.clone();
  const toApply = grant ? [...events, grantEvent(world, grant, `stress-grant/${grant}`)] : events;
  for (const event of toApply) {
    const result = world.apply(event);
    if (result.status !== 'applied') throw new Error(`sampled event ${event.id} not applied: ${result.status}${'reason' in result ? ` (${result.reason})` : ''}`);
  }
  const previous = world.latestProposal;
  const problem = buildPlanningProblem(world, { previous });
  const proposal = await plan(problem, { scope: 'global', version: (previous?.version ?? 0) + 1 });
  return { problem, proposal };
}

/** Reads a sample's problem and plan into counts. */
export function sampleOutcome(problem: PlanningProblem, proposal: Proposal): SampleOutcome {
  const shortfall: Record<string, number> = {};
  let total = 0;
  const short = new Set<string>();
  const floors = new Set<string>();
  for (const u of proposal.unmet) {
    const milli = toMilli(u.shortfall);
    if (milli <= 0) continue;
    short.add(u.demandId);
    shortfall[u.missionId] = (shortfall[u.missionId] ?? 0) + milli;
    total += milli;
    for (const r of u.reasons) if (r.reason === 'reserve-floor' && r.missionId !== '*') floors.add(`${r.missionId}|${u.capability}`);
  }
  const lends: Record<string, number> = {};
  const critical = new Set<ConsentKey>();
  for (const loan of proposal.loans) {
    const key = `${loan.fromMission}|${loan.capability}`;
    lends[key] = (lends[key] ?? 0) + loan.quantity;
    if (loan.criticalPath !== 'notice') critical.add(consentKey(loan.criticalPath, loan.fromMission, loan.toMission));
  }
  const recipientOf = new Map(problem.demands.map((d) => [d.demandId, d.missionId]));
  const blocking = new Set<ConsentKey>();
  const touched = new Set<ConsentKey>();
  for (const e of problem.exclusions) {
    const to = recipientOf.get(e.demandId);
    if (!e.consents || to === undefined) continue;
    for (const item of e.consents) {
      const key = consentKey(item, e.missionId, to);
      touched.add(key);
      if (short.has(e.demandId)) blocking.add(key);
    }
  }
  for (const pair of problem.pairs) {
    const t = pair.loanTemplate;
    // A grant changes a pair's numbers only through its arrival (the consent on the critical path:
    // the others wait no longer than it) or its end (the consent whose validUntil comes first).
    if (t.criticalPath !== 'notice') touched.add(consentKey(t.criticalPath, t.fromMission, t.toMission));
    const ends = t.consents.filter((c) => c.validUntil !== undefined).map((c) => ({ item: c.item, ms: Date.parse(c.validUntil ?? '') }));
    const first = Math.min(...ends.map((e) => e.ms));
    for (const e of ends) if (e.ms === first) touched.add(consentKey(e.item, t.fromMission, t.toMission));
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { shortfall, total, lends, floors: sorted(floors), critical: sorted(critical), blocking: sorted(blocking), touched: sorted(touched) };
}
