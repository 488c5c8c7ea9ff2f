import type { Capability, LoanConsentItem, Mission, Proposal, UnmetReason } from '@imc/contracts';
import { consentList, consentTrail, ConsentResolution, indexConsents, loanConsents, LoanConsents, validityLimit } from './consent.rule';
import { coverage as coverageOf, returnBy as returnByOf } from './coverage.rule';
import { haversineKm } from './distance.rule';
import { arrivalAt, leadTime, transitDays } from './lead-time.rule';
import type { CandidatePair, DemandSlot, Exclusion, PlanningProblem } from './planning-problem';
import { floorRows, receivingRows, shareRows, computeLoanAccounts } from './problem/capacity-rows';
import { DONOR_CHECKS, firstFailure, PAIR_CHECKS } from './problem/checks';
import { reachVerdict } from './problem/checks/reach.check';
import { cmp } from './problem/compare';
import type { DonorContext, PairContext, Timing } from './problem/eligibility';
import { computePostures } from './problem/posture';
import { recallsOf } from './problem/recalls';
import { buildUnitGroups, donorKey, GroupInfo } from './problem/unit-groups';
import { daysBetween, round, toMs } from './time.util';
import type { OpenDemand, World } from './world.state';

export interface BuildOptions {
  /** `global` (the default) or a region: only demands of missions in that region are planned. */
  scope?: string;
  /** The proposal this plan replaces, for the change penalty. */
  previous?: Proposal;
}

/** Before any event, planning "now" is the epoch; nothing is open then anyway. */
const EPOCH = new Date(0).toISOString();

/** Donors out of reach listed one by one; the rest of them are summed up in one line. */
export const OUT_OF_RANGE_LISTED = 3;

/**
 * Out-of-range donors, nearest first. In a world of many missions most donors are far from any
 * one demand; listing each would bury the explanations that matter (and make a proposal too big
 * for a Kafka message), so beyond the nearest few they are counted under missionId `*`.
 */
function reportOutOfRange(
  demandId: string,
  capability: Capability,
  reachKm: number | undefined,
  far: { donorId: string; distanceKm: number; detail: string }[],
  emit: (missionId: string, detail: string) => void,
): void {
  const reach = reachKm === undefined ? 'no reach set' : `reach ${reachKm} km`;
  far.sort((a, b) => a.distanceKm - b.distanceKm || cmp(a.donorId, b.donorId));
  for (const f of far.slice(0, OUT_OF_RANGE_LISTED)) emit(f.donorId, f.detail);
  const rest = far.slice(OUT_OF_RANGE_LISTED);
  if (rest.length > 0) {
    emit('*', `${rest.length} more missions holding ${capability} are further away, from ${Math.round(rest[0].distanceKm)} km (${reach})`);
  }
}

/**
 * Turns a world into the optimizer's problem, as a table of contents:
 * 1. posture per (mission, capability) and the floors (problem/posture.ts);
 * 2. fungible unit groups (problem/unit-groups.ts);
 * 3. for every open demand and candidate donor, the eligibility checks in their fixed order
 *    (problem/checks): a passing pair is dated and costed, a failing one becomes an exclusion with
 *    the first failing check's reason;
 * 4. the capacity rows where a pair can use them (problem/capacity-rows.ts);
 * 5. the previous proposal mapped onto today's groups, for the change penalty.
 *
 * Exclusions are per (demand, donor mission, reason, detail): a donor whose groups fail
 * differently appears once per distinct reason. A demand whose capability no other mission holds
 * gets one `no-units` exclusion with missionId `*`; beyond the nearest OUT_OF_RANGE_LISTED donors
 * out of reach, the others are counted in one `*` exclusion.
 */
export function buildPlanningProblem(world: World, opts: BuildOptions = {}): PlanningProblem {
  const scope = opts.scope ?? 'global';
  const asOf = world.asOf ?? EPOCH;
  const policy = world.policy;
  const missions = new Map<string, Mission>(world.missions().map((m) => [m.missionId, m]));
  const units = world.units();
  const onLoan = world.unitsOnLoan();
  const outstanding = world.outstandingLoans();
  const consentIndex = indexConsents(world.consents());
  const openDemands = world.openDemands();

  // What approved loans already cover, per demand: a lapsed or recalled loan covers nothing.
  const coveredByLoans = new Map<string, number>();
  for (const l of world.countingLoans()) coveredByLoans.set(l.demandId, (coveredByLoans.get(l.demandId) ?? 0) + l.unitIds.length);
  const remaining = (d: OpenDemand) => Math.max(0, d.quantity - (coveredByLoans.get(d.demandId) ?? 0));

  // A mission's own open need for a capability raises its floor for it, unless the policy lets
  // missions in crisis lend: then a mission in crisis lends above its policy floor, even what its
  // own crisis asks others for (the Jonglei 2012 transfer a planner may still choose to make).
  const ownDemand = new Map<string, number>();
  for (const d of openDemands) {
    if (policy.donorInCrisisLends && world.inCrisis(d.missionId)) continue;
    const key = donorKey(d.missionId, d.capability);
    ownDemand.set(key, (ownDemand.get(key) ?? 0) + remaining(d));
  }

  const postures = computePostures(units, onLoan, policy, ownDemand);
  const { groups, byDonor } = buildUnitGroups(units, onLoan, missions);
  const accounts = computeLoanAccounts(outstanding, (id) => world.unit(id), postures.uniformed, policy);

  // Missions holding each capability at all, sorted: the candidate donors of a demand for it.
  const holdersOf = new Map<Capability, string[]>();
  for (const [key, p] of postures.entries().sort(([a], [b]) => cmp(a, b))) {
    if (p.held === 0) continue;
    const [missionId, c] = key.split('|') as [string, Capability];
    const list = holdersOf.get(c);
    if (list) list.push(missionId);
    else holdersOf.set(c, [missionId]);
  }

  // Effective status is a scan over crises; ask once per mission.
  const crisisOf = new Map<string, boolean>();
  const inCrisis = (m: string): boolean => {
    let v = crisisOf.get(m);
    if (v === undefined) {
      v = world.inCrisis(m);
      crisisOf.set(m, v);
    }
    return v;
  };

  // Consents depend on who lends what to whom, not on the demand nor on which of a contributor's
  // groups (they differ by notice or base) goes: resolve each subject once. Keyed by the group's
  // id they were resolved once per group and recipient, the largest cost of a dense world's build.
  const consentCache = new Map<string, LoanConsents>();
  const consentsFor = (g: GroupInfo, toMission: string, hostState: string): LoanConsents => {
    const key = `${g.missionId}|${g.capability}|${g.contributor}|${g.commercial}|${g.interMissionClause}|${toMission}`;
    let c = consentCache.get(key);
    if (!c) {
      c = loanConsents(
        consentIndex,
        { fromMission: g.missionId, toMission, capability: g.capability, contributor: g.contributor, commercial: g.commercial, interMissionClause: g.interMissionClause, hostState },
        asOf,
        policy.overdueConsentDays,
      );
      consentCache.set(key, c);
    }
    return c;
  };

  // Planner rejections are rare: a group's units are looked at only for a demand with some.
  const rejectedDemands = world.demandsWithRejectedPairings();

  const demands: DemandSlot[] = [];
  const pairs: CandidatePair[] = [];
  const exclusions: Exclusion[] = [];
  // Groups of one donor often fail a demand for the same reason; say it once per donor.
  const seenForDonor = new Set<string>();
  const exclude = (demandId: string, missionId: string, reason: UnmetReason, detail: string, consents?: string[]) => {
    const key = `${reason}|${detail}`;
    if (seenForDonor.has(key)) return;
    seenForDonor.add(key);
    exclusions.push(consents ? { demandId, missionId, reason, detail, consents } : { demandId, missionId, reason, detail });
  };

  for (const d of openDemands) {
    const recipient = missions.get(d.missionId);
    if (scope !== 'global' && recipient?.region !== scope) continue;
    const quantity = remaining(d);
    if (quantity <= 0) continue;
    demands.push({ demandId: d.demandId, missionId: d.missionId, capability: d.capability, quantity, weight: d.weight, window: { ...d.window } });

    const holders = (holdersOf.get(d.capability) ?? []).filter((m) => m !== d.missionId);
    seenForDonor.clear();
    if (holders.length === 0) {
      exclude(d.demandId, '*', 'no-units', `no mission other than ${d.missionId} holds ${d.capability}`);
      continue;
    }
    if (!recipient) {
      exclude(d.demandId, '*', 'out-of-range', `recipient mission ${d.missionId} is unknown: no position to measure from`);
      continue;
    }
    const cap = policy.capabilities[d.capability];
    const room = accounts.room(recipient);
    const hasRejections = rejectedDemands.has(d.demandId);
    const outOfRange: { donorId: string; distanceKm: number; detail: string }[] = [];

    for (const donorId of holders) {
      seenForDonor.clear();
      const donor = missions.get(donorId);
      if (!donor) {
        exclude(d.demandId, donorId, 'out-of-range', `donor mission ${donorId} is unknown: no position to measure from`);
        continue;
      }
      const donorCtx: DonorContext = {
        policy,
        asOf,
        demand: d,
        recipient,
        donor,
        posture: postures.of(donorId, d.capability),
        groups: byDonor.get(donorKey(donorId, d.capability)) ?? [],
        donorInCrisis: inCrisis(donorId),
      };
      const donorVerdict = firstFailure(DONOR_CHECKS, donorCtx);
      if (donorVerdict) {
        exclude(d.demandId, donorId, donorVerdict.reason, donorVerdict.detail);
        continue;
      }
      let nearestFar: { distanceKm: number; detail: string } | undefined;
      const share = { limit: accounts.shareLimit(donorId), uniformed: postures.uniformed.get(donorId) ?? 0 };
      // Where help is needed: the demand's own site, else its crisis's, else the recipient's hq.
      const site = d.site ?? recipient.hq;
      for (const g of donorCtx.groups) {
        const distanceKm = haversineKm(g.location ?? donor.hq, site);
        // Reach is the first pair check and needs only the distance: most groups of a wide world
        // fail it, so they are answered before a pair context is built for them.
        const far = reachVerdict(distanceKm, cap, d.capability);
        if (far) {
          // Gathered per demand and reported nearest first; see reportOutOfRange.
          if (!nearestFar || distanceKm < nearestFar.distanceKm) nearestFar = { distanceKm, detail: far.detail };
          continue;
        }
        const consents = consentsFor(g, d.missionId, recipient.hostState);
        let timing: Timing | undefined;
        // Fields spelled out rather than spread from donorCtx: one object shape for every pair,
        // which V8 allocates and reads fast; a spread made this the hottest line of the build.
        const ctx: PairContext = {
          policy,
          asOf,
          demand: d,
          recipient,
          donor,
          posture: donorCtx.posture,
          groups: donorCtx.groups,
          donorInCrisis: donorCtx.donorInCrisis,
          group: g,
          distanceKm,
          capabilityPolicy: cap,
          consents,
          rejectedUnit: hasRejections ? g.unitIds.find((id) => world.isRejectedPairing(id, d.demandId)) : undefined,
          share,
          room,
          timing: () => {
            if (!timing) {
              // Only reached once reach passed, so the capability has a policy.
              const shared = sharedOf(consents, g);
              const lead = leadTime(g.noticeToMoveDays, shared.list, transitDays(distanceKm, cap ?? { transitKmPerDay: Infinity }));
              const arriveBy = arrivalAt(asOf, lead);
              const validity = shared.validity;
              timing = { lead, arriveBy, coverage: coverageOf(arriveBy, d.window, { maxLoanDays: policy.maxLoanDays, consentsValidUntil: validity?.until }), validUntil: validity?.until };
            }
            return timing;
          },
        };
        const verdict = firstFailure(PAIR_CHECKS, ctx);
        if (verdict?.reason === 'out-of-range') {
          // Gathered per demand and reported nearest first; see reportOutOfRange.
          if (!nearestFar || distanceKm < nearestFar.distanceKm) nearestFar = { distanceKm, detail: verdict.detail };
          continue;
        }
        if (verdict) {
          exclude(d.demandId, donorId, verdict.reason, verdict.detail, verdict.consents);
          continue;
        }
        pairs.push(candidatePair(ctx, policy));
      }
      if (nearestFar) outOfRange.push({ donorId, ...nearestFar });
    }
    reportOutOfRange(d.demandId, d.capability, cap?.maxDistanceKm, outOfRange, (m, detail) => exclusions.push({ demandId: d.demandId, missionId: m, reason: 'out-of-range', detail }));
  }

  // Units of the previous proposal, mapped onto today's groups.
  const previous: Record<string, number> = {};
  if (opts.previous) {
    const groupOfUnit = new Map<string, string>();
    for (const g of groups) for (const id of g.unitIds) groupOfUnit.set(id, g.groupId);
    for (const loan of opts.previous.loans) {
      for (const id of loan.unitIds) {
        const g = groupOfUnit.get(id);
        if (!g) continue;
        const key = `${g}|${loan.demandId}`;
        previous[key] = (previous[key] ?? 0) + 1;
      }
    }
  }

  pairs.sort((a, b) => cmp(a.demandId, b.demandId) || cmp(a.groupId, b.groupId));
  exclusions.sort((a, b) => cmp(a.demandId, b.demandId) || cmp(a.missionId, b.missionId) || cmp(a.reason, b.reason) || cmp(a.detail, b.detail));

  return {
    asOf,
    scope,
    groups: groups.map(({ commercial: _c, interMissionClause: _i, location: _l, ...g }) => g),
    demands,
    pairs,
    floorRows: floorRows(groups, pairs, postures),
    shareRows: shareRows(groups, pairs, postures, accounts, policy),
    receivingRows: receivingRows(demands, pairs, missions, accounts),
    exclusions,
    posture: postures
      .entries()
      .map(([key, p]) => {
        const [missionId, capability] = key.split('|') as [string, Capability];
        return { missionId, capability, held: p.held, available: p.available, onLoanOut: p.onLoanOut, floor: p.floor };
      })
      .sort((a, b) => cmp(a.missionId, b.missionId) || cmp(a.capability, b.capability)),
    previous,
    weights: { ...policy.weights },
    recalls: recallsOf({
      asOf,
      loans: world.loans(),
      openDemands,
      remaining,
      postures,
      inScope: (m) => scope === 'global' || missions.get(m)?.region === scope,
    }),
  };
}

/**
 * What every pair of one consent subject has in common: the resolutions in order, their
 * validity and the legal trail. Computed once per subject (consentsFor resolves each subject
 * once, and its key holds the contributor and commercial terms the trail reads) and shared by
 * those pairs' loan templates, read-only: on the dense 300/1000 world that is tens of thousands
 * of pairs, whose own copies were a large part of the build's garbage.
 */
const sharedBySubject = new WeakMap<LoanConsents, { list: ConsentResolution[]; validity: ReturnType<typeof validityLimit>; trail: LoanConsentItem[] }>();
function sharedOf(c: LoanConsents, g: GroupInfo): { list: ConsentResolution[]; validity: ReturnType<typeof validityLimit>; trail: LoanConsentItem[] } {
  let shared = sharedBySubject.get(c);
  if (!shared) {
    shared = { list: consentList(c), validity: validityLimit(c), trail: consentTrail(c, g) };
    sharedBySubject.set(c, shared);
  }
  return shared;
}

/** A pair that passed every check: its loan dated and costed, per unit. */
function candidatePair(ctx: PairContext, policy: World['policy']): CandidatePair {
  const { group: g, demand: d } = ctx;
  const cap = ctx.capabilityPolicy;
  if (!cap) throw new Error(`no policy for ${d.capability} passed the reach check`);
  const { lead, arriveBy, coverage: f, validUntil } = ctx.timing();
  const returnBy = returnByOf(arriveBy, d.window, policy, validUntil);
  const consents = sharedOf(ctx.consents, g).trail;
  // Consents that end before the window does: the loan stops there unless they are renewed.
  const renewal = consents.filter((c) => c.validUntil !== undefined && toMs(c.validUntil) < toMs(d.window.end)).map((c) => c.item);
  const loanDays = Math.max(0, daysBetween(arriveBy, returnBy));
  const km = Math.round(ctx.distanceKm);
  const transferPerUnit = round(cap.transferCostPerKm * km, 2);
  const sustainmentPerDayPerUnit = cap.sustainmentPerDay;
  const totalPerUnit = round(transferPerUnit + sustainmentPerDayPerUnit * loanDays, 2);
  const coverage = round(f, 4);
  return {
    groupId: g.groupId,
    demandId: d.demandId,
    coverage,
    costPerUnit: totalPerUnit,
    loanTemplate: {
      demandId: d.demandId,
      capability: d.capability,
      fromMission: g.missionId,
      toMission: d.missionId,
      contributor: g.contributor,
      distanceKm: km,
      leadTime: {
        noticeDays: lead.noticeDays,
        consentDays: round(lead.consentDays, 2),
        authorizationDays: round(lead.authorizationDays, 2),
        transitDays: lead.transitDays,
      },
      arriveBy,
      returnBy,
      coverage,
      cost: { transferPerUnit, sustainmentPerDayPerUnit, totalPerUnit },
      pending: lead.pending,
      criticalPath: lead.criticalPath,
      consents,
      ...(renewal.length > 0 ? { renewal } : {}),
    },
  };
}
