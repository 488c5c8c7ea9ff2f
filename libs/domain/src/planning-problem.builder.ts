import type { Capability, Mission, Proposal } from '@imc/contracts';
import { indexConsents } from './consent.rule';
import type { CandidatePair, DemandSlot, Exclusion, PlanningProblem } from './planning-problem';
import { computeLoanAccounts, floorRows, receivingRows, shareRows } from './problem/capacity-rows';
import { cmp } from './problem/compare';
import { ConsentCache } from './problem/consent-cache';
import { DonorSide, pairsOfDemand } from './problem/demand-pairs';
import { crisisWindowsByMission } from './problem/crisis-windows';
import { holdersByCapability } from './problem/donor-index';
import { demandsByMission, remainingNeed } from './problem/need';
import { computePostures, Postures } from './problem/posture';
import { previousUnits } from './problem/previous';
import { recallsOf } from './problem/recalls';
import { ownNeedsOf } from './recall.rule';
import { renewalsDueOf } from './problem/renewals-due';
import { buildUnitGroups } from './problem/unit-groups';
import { unitsAwayExclusions } from './problem/units-away';
import type { OpenDemand, World } from './world.state';

export { OUT_OF_RANGE_LISTED } from './problem/demand-pairs';

export interface BuildOptions {
  /** `global` (the default) or a region: only demands of missions in that region are planned. */
  scope?: string;
  /** The proposal this plan replaces, for the change penalty. */
  previous?: Proposal;
}

/** Before any event, planning "now" is the epoch; nothing is open then anyway. */
const EPOCH = new Date(0).toISOString();

/**
 * Turns a world into the optimizer's problem. Each step is a module of problem/ with its spec:
 * what is still needed (need.ts), the postures and floors (posture.ts), the lendable groups
 * (unit-groups.ts), what approved loans take from the budgets (capacity-rows.ts), the donor index
 * and consent cache, then per open demand its pairs and exclusions through the ordered checks
 * (demand-pairs.ts, checks/, costing.ts), the capacity rows, the previous proposal's units
 * (previous.ts), the recalls (recalls.ts) and the renewals due (renewals-due.ts).
 */
export function buildPlanningProblem(world: World, opts: BuildOptions = {}): PlanningProblem {
  const scope = opts.scope ?? 'global';
  const asOf = world.asOf ?? EPOCH;
  const policy = world.policy;
  const missions = new Map<string, Mission>(world.missions().map((m) => [m.missionId, m]));
  const units = world.units();
  const onLoan = world.unitsOnLoan();
  const openDemands = world.openDemands();
  const remaining = remainingNeed(world.countingLoans());
  const postures = computePostures(units, onLoan, policy, missions.values());
  const { groups, byDonor } = buildUnitGroups(units, onLoan, missions);
  const accounts = computeLoanAccounts(world.outstandingLoans(), (id) => world.unit(id), postures.uniformed, policy);
  const donors: DonorSide = {
    policy,
    asOf,
    missions,
    holders: holdersByCapability(postures),
    postures,
    byDonor,
    accounts,
    crises: crisisWindowsByMission(missions.values(), world.activeCrises()),
    ownDemands: demandsByMission(openDemands),
    consents: new ConsentCache(indexConsents(world.consents()), asOf, policy.overdueConsentDays),
    demandsWithRejections: world.demandsWithRejectedPairings(),
    isRejectedPairing: (unitId, demandId) => world.isRejectedPairing(unitId, demandId),
  };
  const inScope = (m: string) => scope === 'global' || missions.get(m)?.region === scope;

  const demands: DemandSlot[] = [];
  const pairs: CandidatePair[] = [];
  const exclusions: Exclusion[] = [];
  for (const d of openDemands) {
    const quantity = remaining(d);
    if (!inScope(d.missionId) || quantity <= 0) continue;
    demands.push({ demandId: d.demandId, missionId: d.missionId, capability: d.capability, quantity, weight: d.weight, window: { ...d.window } });
    const found = pairsOfDemand(donors, d, missions.get(d.missionId));
    pairs.push(...found.pairs);
    exclusions.push(...found.exclusions);
  }
  const outstanding = world.outstandingLoans();
  exclusions.push(...unitsAwayExclusions(demands, outstanding));
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
    posture: postureEntries(postures),
    committedAtHome: committedAtHome(postures),
    lenderDemands: lenderDemandsOf(pairs, demands, openDemands, remaining),
    previous: previousUnits(groups, opts.previous),
    weights: { ...policy.weights },
    recalls: recallsOf({
      asOf,
      loans: world.loans(),
      needs: ownNeedsOf(openDemands, remaining),
      weightOf: (id) => openDemands.find((d) => d.demandId === id)?.weight,
      inScope,
      inCrisis: (m) => world.inCrisis(m),
    }),
    renewalsDue: renewalsDueOf({ asOf, noticeDays: policy.renewalNoticeDays, loans: world.loans(), terms: world.loanTerms(), inScope }),
  };
}

/** Where committed units keep a floor: the explanations state them. */
function committedAtHome(postures: Postures): Record<string, number> {
  return Object.fromEntries(postures.entries().filter(([, p]) => p.committed > 0).sort(([a], [b]) => cmp(a, b)).map(([key, p]) => [key, p.committed]));
}

/** Lenders' demands a pair can move a gap into that are not planned themselves (covered already, or out of scope). */
function lenderDemandsOf(pairs: readonly CandidatePair[], demands: readonly DemandSlot[], openDemands: readonly OpenDemand[], remaining: (d: OpenDemand) => number): DemandSlot[] {
  const planned = new Set(demands.map((d) => d.demandId));
  const named = new Set<string>();
  for (const p of pairs) for (const n of p.lenderNeed ?? []) if (!planned.has(n.demandId)) named.add(n.demandId);
  return openDemands
    .filter((d) => named.has(d.demandId))
    .map((d) => ({ demandId: d.demandId, missionId: d.missionId, capability: d.capability, quantity: remaining(d), weight: d.weight, window: { ...d.window } }));
}

function postureEntries(postures: Postures): PlanningProblem['posture'] {
  return postures
    .entries()
    .map(([key, p]) => {
      const [missionId, capability] = key.split('|') as [string, Capability];
      return { missionId, capability, held: p.held, available: p.available, onLoanOut: p.onLoanOut, floor: p.floor };
    })
    .sort((a, b) => cmp(a.missionId, b.missionId) || cmp(a.capability, b.capability));
}
