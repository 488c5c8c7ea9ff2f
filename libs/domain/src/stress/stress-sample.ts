import { CAPABILITIES, cloudEvent, type Capability, type CloudEvent, type ConsentKind, type Proposal } from '@imc/contracts';
import { consentLabel, consentList, loanConsents } from '../consent.rule';
import type { PlanningProblem } from '../planning-problem';
import { buildPlanningProblem } from '../planning-problem.builder';
import type { PlanFn } from '../planning-session';
import { lendableAboveFloor } from '../reserve-floor.rule';
import type { World } from '../world.state';

/**
 * A consent as the stress report names it: `contributor:PAK|UNMIL|UNOCI` (item, from, to); (v3) a
 * bundle joins its items with " + " in contributor, host-state, council order:
 * `contributor:PAK + council:UNSC|UNMIL|UNOCI`. The report has no capability in it: pre-clearing is
 * asked of a party for a pair of missions.
 */
export type ConsentKey = string;

export const BUNDLE_JOIN = ' + ';

export function consentKey(item: string, fromMission: string, toMission: string): ConsentKey {
  return `${item}|${fromMission}|${toMission}`;
}

export function parseConsentKey(key: ConsentKey): { item: string; fromMission: string; toMission: string } {
  const [item, fromMission, toMission] = key.split('|');
  return { item, fromMission, toMission };
}

/** The items of a key: one for a single consent, each of a bundle's. */
export function consentItems(key: ConsentKey): string[] {
  return parseConsentKey(key).item.split(BUNDLE_JOIN);
}

const KIND_ORDER: Record<string, number> = { contributor: 0, 'host-state': 1, council: 2 };

/** A bundle's key: its items once each, in contributor, host-state, council order (then by name). */
export function bundleKey(items: readonly string[], fromMission: string, toMission: string): ConsentKey {
  const kind = (i: string) => KIND_ORDER[i.slice(0, i.indexOf(':'))] ?? 3;
  const sorted = [...new Set(items)].sort((a, b) => kind(a) - kind(b) || (a < b ? -1 : a > b ? 1 : 0));
  return consentKey(sorted.join(BUNDLE_JOIN), fromMission, toMission);
}

/**
 * (v3) The bundles of a pair of missions for a capability: per group of the donor's units a
 * consent tells apart (its contributor), every consent the pair needs that is not granted now
 * (missing, refused, withdrawn, expired or pending). Granting one of two gains nothing, so the
 * pre-clearance list measures and names the whole bundle.
 */
export function pairBundles(world: World, fromMission: string, toMission: string, capability: Capability): string[][] {
  const recipient = world.mission(toMission);
  if (!recipient) return [];
  const asOf = world.asOf ?? new Date(0).toISOString();
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const u of world.units()) {
    if (u.missionId !== fromMission || u.capability !== capability) continue;
    if (u.commercial && !u.interMissionClause) continue;
    const group = `${u.contributor}|${u.commercial}`;
    if (seen.has(group)) continue;
    seen.add(group);
    const resolved = loanConsents(
      world.consents(),
      { fromMission, toMission, capability, contributor: u.contributor, commercial: u.commercial, interMissionClause: u.interMissionClause, hostState: recipient.hostState },
      asOf,
      world.policy.overdueConsentDays,
    );
    const open = consentList(resolved).filter((r) => r.state !== 'granted').map(consentLabel);
    if (open.length > 0) out.push(open);
  }
  return out;
}

/** What one planned sample says, in integers (shortfalls in thousandths of a unit) so sums merge exactly. */
export interface SampleOutcome {
  /** missionId -> shortfall (milli-units), missions with none left out. */
  shortfall: Record<string, number>;
  /** Sum of `shortfall`. */
  total: number;
  /** `${donor}|${capability}` -> units this sample's plan lends. */
  lends: Record<string, number>;
  /**
   * `${mission}|${capability}` of every reserve floor a short demand names as its reason, where it
   * binds (v3: the mission has available units the floor keeps home; see floorBinds).
   */
  floors: string[];
  /** Consents on the critical path of a proposed loan; (v3) as the bundle of every consent the loan waits for. */
  critical: ConsentKey[];
  /**
   * Consents that ruled a donor out (refused, missing, expired, or too late) for a demand left
   * short; (v3) as the bundle the pair lacks.
   */
  blocking: ConsentKey[];
  /**
   * Single consents (never bundles) whose grant now could change this sample's problem: on the critical path of a
   * candidate pair, or the first of its consents to expire, or named by an exclusion. A grant of any
   * other consent leaves every pair's arrival, coverage and cost, and so the plan's shortfall, as
   * they are: the pre-clearance re-runs skip those samples. A bundle touches a sample when one of
   * its items does (grantTouches).
   */
  touched: ConsentKey[];
}

export const MILLI = 1000;

export function toMilli(units: number): number {
  return Math.round(units * MILLI);
}

/**
 * The events that grant a consent, or every consent of a bundle, now, for every capability between
 * the two missions. Each lists every capability by name and carries a version above every
 * record's, so that under the contract's rule (most specific, then latest version) it wins over
 * any record it meets; none has a validUntil: a fresh grant. Event ids are `eventId`, then
 * `eventId/2`, ... for the further items of a bundle.
 */
export function grantEvents(world: World, key: ConsentKey, eventId: string): CloudEvent[] {
  const { fromMission, toMission } = parseConsentKey(key);
  const version = 1 + world.consents().reduce((max, c) => Math.max(max, c.version), 0);
  return consentItems(key).map((item, i) => {
    const colon = item.indexOf(':');
    const kind = item.slice(0, colon) as ConsentKind;
    const party = item.slice(colon + 1);
    const single = consentKey(item, fromMission, toMission);
    return cloudEvent({
      id: i === 0 ? eventId : `${eventId}/${i + 1}`,
      source: '/stress-test',
      type: 'imc.consent.recorded',
      time: world.asOf ?? new Date(0).toISOString(),
      subject: `stress-grant:${single}`,
      data: { consentId: `stress-grant:${single}`, kind, party, fromMission, toMission, capabilities: [...CAPABILITIES], status: 'granted', version },
    });
  });
}

/**
 * Plans one sample: a copy of `base` with the sampled crises declared (and, for a pre-clearance
 * re-run, one consent or bundle granted), planned as the allocator would, with the world's latest
 * proposal as the previous one. `base` is left untouched; the sample's world is returned for
 * reading its consents.
 */
export async function planSample(base: World, events: readonly CloudEvent[], plan: PlanFn, grant?: ConsentKey): Promise<{ problem: PlanningProblem; proposal: Proposal; world: World }> {
  const world = base.clone();
  const toApply = grant ? [...events, ...grantEvents(world, grant, `stress-grant/${grant}`)] : events;
  for (const event of toApply) {
    const result = world.apply(event);
    if (result.status !== 'applied') throw new Error(`sampled event ${event.id} not applied: ${result.status}${'reason' in result ? ` (${result.reason})` : ''}`);
  }
  const previous = world.latestProposal;
  const problem = buildPlanningProblem(world, { previous });
  const proposal = await plan(problem, { scope: 'global', version: (previous?.version ?? 0) + 1 });
  return { problem, proposal, world };
}

/**
 * (v3) A reserve floor binds only where it keeps at home units that could go: the mission has
 * `available` units of the capability left after this plan's loans, and the plan lends all the
 * floor lets it. A mission whose units are all committed (or away) has no floor to lower.
 */
export function floorBinds(proposal: Proposal, problem: PlanningProblem, missionId: string, capability: Capability): boolean {
  const p = proposal.posture.find((e) => e.missionId === missionId && e.capability === capability);
  if (!p) return false;
  const committed = problem.committedAtHome?.[`${missionId}|${capability}`] ?? 0;
  return p.available - p.proposedOut > 0 && p.proposedOut >= lendableAboveFloor(p.available, p.floor, committed);
}

/**
 * Reads a sample's problem and plan into counts. With the sample's world, consents are read as
 * bundles (v3): a demand blocked by a pair's consents counts the whole bundle the pair lacks, a
 * loan's critical path counts every consent it still waits for. Without it (a caller that only
 * needs the total), each consent the problem names counts alone.
 */
export function sampleOutcome(problem: PlanningProblem, proposal: Proposal, world?: World): SampleOutcome {
  const shortfall: Record<string, number> = {};
  let total = 0;
  const short = new Set<string>();
  const floors = new Set<string>();
  for (const u of proposal.unmet) {
    // The lender's moved gap is in unmet (v3: one notion of need): it counts like any shortfall.
    const milli = toMilli(u.shortfall);
    if (milli <= 0) continue;
    short.add(u.demandId);
    shortfall[u.missionId] = (shortfall[u.missionId] ?? 0) + milli;
    total += milli;
    for (const r of u.reasons) {
      if (r.reason === 'reserve-floor' && r.missionId !== '*' && floorBinds(proposal, problem, r.missionId, u.capability)) floors.add(`${r.missionId}|${u.capability}`);
    }
  }
  const lends: Record<string, number> = {};
  const critical = new Set<ConsentKey>();
  for (const loan of proposal.loans) {
    const key = `${loan.fromMission}|${loan.capability}`;
    lends[key] = (lends[key] ?? 0) + loan.quantity;
    if (loan.criticalPath !== 'notice') {
      const items = world && loan.pending.length > 0 ? loan.pending : [loan.criticalPath];
      critical.add(bundleKey(items, loan.fromMission, loan.toMission));
    }
  }
  const demandOf = new Map(problem.demands.map((d) => [d.demandId, d]));
  const bundlesOf = new Map<string, string[][]>();
  const bundles = (from: string, to: string, capability: Capability) => {
    const k = `${from}|${to}|${capability}`;
    let b = bundlesOf.get(k);
    if (!b) bundlesOf.set(k, (b = world ? pairBundles(world, from, to, capability) : []));
    return b;
  };
  const blocking = new Set<ConsentKey>();
  const touched = new Set<ConsentKey>();
  for (const e of problem.exclusions) {
    const d = demandOf.get(e.demandId);
    if (!e.consents || e.consents.length === 0 || d === undefined) continue;
    for (const item of e.consents) touched.add(consentKey(item, e.missionId, d.missionId));
    if (!short.has(e.demandId)) continue;
    // The smallest bundle of the pair holding every consent the exclusion names: what a grant
    // must cover for the pair to serve.
    const holding = bundles(e.missionId, d.missionId, d.capability).filter((b) => e.consents?.every((i) => b.includes(i)));
    const smallest = holding.length > 0 ? Math.min(...holding.map((b) => b.length)) : 0;
    const chosen = holding.filter((b) => b.length === smallest);
    for (const b of chosen.length > 0 ? chosen : [e.consents]) blocking.add(bundleKey(b, e.missionId, d.missionId));
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

/** Whether granting a key (one consent or a bundle) could change a sample that touched these single consents. */
export function grantTouches(key: ConsentKey, touched: readonly ConsentKey[]): boolean {
  const { fromMission, toMission } = parseConsentKey(key);
  return consentItems(key).some((item) => touched.includes(consentKey(item, fromMission, toMission)));
}
