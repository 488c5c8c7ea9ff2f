import type { Capability, Mission, Policy, UnmetReason } from '@imc/contracts';
import { haversineKm } from '../distance.rule';
import type { CandidatePair, Exclusion } from '../planning-problem';
import type { OpenDemand } from '../world.state';
import type { LoanAccounts } from './capacity-rows';
import { DONOR_CHECKS, firstFailure, PAIR_CHECKS } from './checks';
import { reachVerdict, withinReach } from './checks/reach.check';
import { cmp } from './compare';
import type { ConsentCache } from './consent-cache';
import { candidatePair } from './costing';
import type { CrisisWindow } from './crisis-windows';
import type { DonorContext } from './eligibility';
import { LazyPairContext } from './pair-context';
import type { Postures } from './posture';
import { whereNeeded } from './site';
import { donorKey, GroupInfo } from './unit-groups';

/** Donors out of reach listed one by one; the rest of them are summed up in one line. */
export const OUT_OF_RANGE_LISTED = 3;

/** What every demand's pairs are drawn from: the world as the build has indexed it. */
export interface DonorSide {
  policy: Policy;
  asOf: string;
  missions: ReadonlyMap<string, Mission>;
  holders: ReadonlyMap<Capability, string[]>;
  postures: Postures;
  byDonor: ReadonlyMap<string, GroupInfo[]>;
  accounts: LoanAccounts;
  /** Crisis windows per mission (v3: a donor is in crisis for a loan when one overlaps its span). */
  crises: ReadonlyMap<string, readonly CrisisWindow[]>;
  /** Open demands per `${missionId}|${capability}`: what a unit lent away from its mission moves. */
  ownDemands: ReadonlyMap<string, readonly OpenDemand[]>;
  consents: ConsentCache;
  /** Demands with a planner's rejected pairing, and the test for one unit (rare: asked only for those demands). */
  demandsWithRejections: ReadonlySet<string>;
  isRejectedPairing(unitId: string, demandId: string): boolean;
}

/**
 * The candidate pairs of one open demand and why the other donors cannot serve it. Every group of
 * every other mission holding the capability runs the donor checks, then the pair checks, in their
 * fixed order; a passing pair is dated and costed. Exclusions are per (donor, reason, detail): a
 * donor whose groups fail differently appears once per distinct reason. A demand whose capability
 * no other mission holds gets one `no-units` exclusion with missionId `*`; beyond the nearest
 * OUT_OF_RANGE_LISTED donors out of reach, the others are counted in one `*` exclusion.
 */
export function pairsOfDemand(x: DonorSide, d: OpenDemand, recipient: Mission | undefined): { pairs: CandidatePair[]; exclusions: Exclusion[] } {
  const pairs: CandidatePair[] = [];
  const exclusions: Exclusion[] = [];
  // Groups of one donor often fail a demand for the same reason; say it once per donor.
  const said = new Set<string>();
  const exclude = (missionId: string, reason: UnmetReason, detail: string, consents?: string[]) => {
    const key = `${reason}|${detail}`;
    if (said.has(key)) return;
    said.add(key);
    exclusions.push(consents ? { demandId: d.demandId, missionId, reason, detail, consents } : { demandId: d.demandId, missionId, reason, detail });
  };
  const holders = (x.holders.get(d.capability) ?? []).filter((m) => m !== d.missionId);
  if (holders.length === 0) {
    exclude('*', 'no-units', `no mission other than ${d.missionId} holds ${d.capability}`);
    return { pairs, exclusions };
  }
  if (!recipient) {
    exclude('*', 'out-of-range', `recipient mission ${d.missionId} is unknown: no position to measure from`);
    return { pairs, exclusions };
  }
  const cap = x.policy.capabilities[d.capability];
  const room = x.accounts.room(recipient);
  const hasRejections = x.demandsWithRejections.has(d.demandId);
  const site = whereNeeded(d.site, undefined, recipient.hq);
  const outOfRange: { donorId: string; distanceKm: number; detail: string }[] = [];

  for (const donorId of holders) {
    said.clear();
    const donor = x.missions.get(donorId);
    if (!donor) {
      exclude(donorId, 'out-of-range', `donor mission ${donorId} is unknown: no position to measure from`);
      continue;
    }
    const donorCtx: DonorContext = {
      policy: x.policy,
      asOf: x.asOf,
      demand: d,
      recipient,
      donor,
      posture: x.postures.of(donorId, d.capability),
      groups: x.byDonor.get(donorKey(donorId, d.capability)) ?? [],
      donorCrises: x.crises.get(donorId) ?? [],
    };
    const donorVerdict = firstFailure(DONOR_CHECKS, donorCtx);
    if (donorVerdict) {
      exclude(donorId, donorVerdict.reason, donorVerdict.detail);
      continue;
    }
    // Reach is the first pair check, and most groups of a wide world fail it: those are told
    // apart by their distance alone, before any pair context (or wording) is built for them.
    let nearestFarKm: number | undefined;
    const lenderDemands = x.ownDemands.get(donorKey(donorId, d.capability)) ?? [];
    const share = { limit: x.accounts.shareLimit(donorId), uniformed: x.postures.uniformed.get(donorId) ?? 0 };
    for (const g of donorCtx.groups) {
      const distanceKm = haversineKm(g.location ?? donor.hq, site);
      if (!withinReach(distanceKm, cap)) {
        if (nearestFarKm === undefined || distanceKm < nearestFarKm) nearestFarKm = distanceKm;
        continue;
      }
      const rejectedUnit = hasRejections ? g.unitIds.find((id) => x.isRejectedPairing(id, d.demandId)) : undefined;
      const ctx = new LazyPairContext(donorCtx, g, distanceKm, cap, () => x.consents.of(g, d.missionId, recipient.hostState), rejectedUnit, share, room);
      const verdict = firstFailure(PAIR_CHECKS, ctx);
      if (verdict) exclude(donorId, verdict.reason, verdict.detail, verdict.consents);
      else pairs.push(candidatePair(ctx, lenderDemands));
    }
    if (nearestFarKm !== undefined) {
      const far = reachVerdict(nearestFarKm, cap, d.capability);
      if (far) outOfRange.push({ donorId, distanceKm: nearestFarKm, detail: far.detail });
    }
  }
  exclusions.push(...outOfRangeLines(d.demandId, d.capability, cap?.maxDistanceKm, outOfRange));
  return { pairs, exclusions };
}

/**
 * Out-of-range donors, nearest first. In a world of many missions most donors are far from any
 * one demand; listing each would bury the explanations that matter (and make a proposal too big
 * for a Kafka message), so beyond the nearest few they are counted under missionId `*`.
 */
function outOfRangeLines(demandId: string, capability: Capability, reachKm: number | undefined, far: { donorId: string; distanceKm: number; detail: string }[]): Exclusion[] {
  const reach = reachKm === undefined ? 'no reach set' : `reach ${reachKm} km`;
  far.sort((a, b) => a.distanceKm - b.distanceKm || cmp(a.donorId, b.donorId));
  const lines: Exclusion[] = far.slice(0, OUT_OF_RANGE_LISTED).map((f) => ({ demandId, missionId: f.donorId, reason: 'out-of-range', detail: f.detail }));
  const rest = far.slice(OUT_OF_RANGE_LISTED);
  if (rest.length > 0) {
    lines.push({ demandId, missionId: '*', reason: 'out-of-range', detail: `${rest.length} more missions holding ${capability} are further away, from ${Math.round(rest[0].distanceKm)} km (${reach})` });
  }
  return lines;
}
