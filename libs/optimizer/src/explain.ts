import type { PostureEntry, ProposedLoan, UnmetDemand, UnmetReason } from '@imc/contracts';
import type { CapacityRow, PlanningProblem, ReceivingRow, UnitGroup } from '@imc/domain/planning-problem';
import { floorWords } from '@imc/domain/reserve-floor.rule';
import { lenderLoss } from './objective';
import { capacityRowUse, planLoad, receivingRowUse } from './plan-load';
import { effectiveLimit, indexProblem, receivingCoefficient, type ProblemIndex } from './problem-index';

/** Below this a shortfall is solver noise, not an unmet demand. */
const SHORTFALL_EPSILON = 1e-9;

type Reason = UnmetDemand['reasons'][number];

/** How much of every row and group a plan uses; the evidence behind each explanation. */
interface Usage {
  index: ProblemIndex;
  byGroup: Map<string, number>;
  /** Units of a group per receiving demand. */
  byGroupDemand: Map<string, Map<string, number>>;
  covered: Map<string, number>;
  /** (v3) Per lender's own demand: units lent away during its window, per receiving demand. */
  moved: Map<string, Map<string, number>>;
  rowUsed: Map<string, number>;
  /** Floor and share rows per group, receiving rows per demand, in problem order. */
  floorRowsByGroup: Map<string, CapacityRow[]>;
  shareRowsByGroup: Map<string, CapacityRow[]>;
  receivingRowsByDemand: Map<string, ReceivingRow[]>;
}

/**
 * For every demand left short: the problem's own exclusions (donors that had no pair at all),
 * and for every donor mission that had a pair but did not give enough, the one thing that held
 * it back: a tight reserve-floor, share or receiving row, or its units going to other demands.
 */
export function explainUnmet(problem: PlanningProblem, y: readonly number[]): UnmetDemand[] {
  const usage = measure(problem, y);
  const exclusions = groupBy(problem.exclusions, (exclusion) => [exclusion.demandId]);
  const unmet: UnmetDemand[] = [];
  const planned = new Set(problem.demands.map((d) => d.demandId));
  const lenders = (problem.lenderDemands ?? []).filter((d) => !planned.has(d.demandId));
  for (const demand of [...problem.demands, ...lenders]) {
    const isPlanned = planned.has(demand.demandId);
    const movedAway = movedReasons(problem, usage, demand);
    const shortfall = (isPlanned ? demand.quantity - (usage.covered.get(demand.demandId) ?? 0) : 0) + movedAway.units;
    if (shortfall <= SHORTFALL_EPSILON) continue;

    const reasons: Reason[] = isPlanned
      ? (exclusions.get(demand.demandId) ?? []).map(({ missionId, reason, detail, consents }) => (consents ? { missionId, reason, detail, consents: [...consents] } : { missionId, reason, detail }))
      : [];
    reasons.push(...movedAway.reasons);

    const donorGroups = new Map<string, UnitGroup[]>();
    for (const at of usage.index.pairsByDemand.get(demand.demandId) ?? []) {
      const group = usage.index.groups.get(problem.pairs[at].groupId);
      if (!group) continue;
      donorGroups.set(group.missionId, [...(donorGroups.get(group.missionId) ?? []), group]);
    }
    for (const [missionId, groups] of donorGroups) {
      reasons.push({ missionId, ...bindingReason(problem, usage, demand.demandId, groups) });
    }

    unmet.push({
      demandId: demand.demandId,
      missionId: demand.missionId,
      capability: demand.capability,
      shortfall,
      reasons: dedupe(reasons).sort(
        (a, b) => compare(a.missionId, b.missionId) || compare(a.reason, b.reason) || compare(a.detail, b.detail),
      ),
    });
  }
  return unmet.sort((a, b) => compare(a.demandId, b.demandId));
}

/**
 * (v3) The units this plan lends away from a demand's own mission during its window: the gap it
 * moves here, said as `used-elsewhere` by the mission itself, one reason per receiving demand.
 */
function movedReasons(problem: PlanningProblem, usage: Usage, demand: PlanningProblem['demands'][number]): { units: number; reasons: Reason[] } {
  const to = usage.moved.get(demand.demandId);
  if (!to) return { units: 0, reasons: [] };
  let units = 0;
  const reasons: Reason[] = [];
  for (const [demandId, n] of [...to].sort(([a], [b]) => compare(a, b))) {
    if (!(n > SHORTFALL_EPSILON)) continue;
    units += n;
    const there = usage.index.demands.get(demandId);
    const where = there ? `${there.missionId} (${demandId}, weight ${there.weight})` : demandId;
    reasons.push({
      missionId: demand.missionId,
      reason: 'used-elsewhere',
      detail: `${n} of ${demand.missionId}'s own ${demand.capability} proposed to ${where} during this window (weight ${demand.weight}): the gap moves here`,
    });
  }
  return { units, reasons };
}

/** The posture before the plan, plus what this plan would lend out per mission and capability. */
export function proposedPosture(problem: PlanningProblem, loans: readonly ProposedLoan[]): PostureEntry[] {
  const out = new Map<string, number>();
  for (const loan of loans) {
    const key = `${loan.fromMission}|${loan.capability}`;
    out.set(key, (out.get(key) ?? 0) + loan.quantity);
  }
  return problem.posture
    .map((entry) => ({ ...entry, proposedOut: out.get(`${entry.missionId}|${entry.capability}`) ?? 0 }))
    .sort((a, b) => compare(a.missionId, b.missionId) || compare(a.capability, b.capability));
}

/**
 * The recipient's capacity first (a full recipient takes nothing, whoever else wanted the units),
 * then competition: when the donor's units went to other demands, the planner needs to know which
 * and why they won (their weights), even if the floor is also reached, so that is the reason and
 * the floor is said alongside. Then the donor's own limits, its floor and its share.
 */
function bindingReason(
  problem: PlanningProblem,
  usage: Usage,
  demandId: string,
  groups: UnitGroup[],
): { reason: UnmetReason; detail: string } {
  const sorted = [...groups].sort((a, b) => compare(a.groupId, b.groupId));
  const tightRow = (): CapacityRow | undefined => {
    for (const rowsByGroup of [usage.floorRowsByGroup, usage.shareRowsByGroup]) {
      for (const group of sorted) {
        const row = (rowsByGroup.get(group.groupId) ?? []).find((candidate) => tightFor(candidate, group, usage));
        if (row) return row;
      }
    }
    return undefined;
  };
  const describe = (row: CapacityRow) => (row.reason === 'reserve-floor' ? floorDetail(problem, usage, row) : row.detail);
  for (const group of sorted) {
    const row = (usage.receivingRowsByDemand.get(demandId) ?? []).find((candidate) => receivingTightFor(candidate, group, usage));
    if (row) return { reason: 'receiving-capacity', detail: row.detail };
  }
  const takers = new Map<string, number>();
  let exhausted = false;
  for (const group of sorted) {
    const used = usage.byGroup.get(group.groupId) ?? 0;
    if (used >= group.unitIds.length) exhausted = true;
    for (const [taker, units] of usage.byGroupDemand.get(group.groupId) ?? []) {
      if (taker !== demandId) takers.set(taker, (takers.get(taker) ?? 0) + units);
    }
  }
  const tight = tightRow();
  if (takers.size > 0 && (exhausted || tight)) {
    // The weight says why the other demand won: it is what the objective compared.
    const names = [...takers]
      .sort(([a], [b]) => compare(a, b))
      .map(([taker, units]) => `${taker} (${units} ${units === 1 ? 'unit' : 'units'}, weight ${usage.index.demands.get(taker)?.weight ?? '?'})`);
    const also = tight ? `; ${tight.reason === 'reserve-floor' ? 'reserve floor' : 'share on loan'} reached too: ${describe(tight)}` : '';
    return { reason: 'used-elsewhere', detail: `units went to ${names.join(', ')}${also}` };
  }
  if (tight) return { reason: tight.reason, detail: describe(tight) };
  if (exhausted) return { reason: 'no-units', detail: 'no units left to lend' };
  return notWorthIt(problem, usage, demandId, sorted);
}

/**
 * `held 6, available 6, already proposed 3, floor 3`: the four numbers a planner checks against
 * the mission's own records. Without a posture entry (a problem built by hand) the row's own words.
 */
function floorDetail(problem: PlanningProblem, usage: Usage, row: CapacityRow): string {
  const capability = row.rowId.split(':')[2];
  const p = problem.posture.find((entry) => entry.missionId === row.missionId && entry.capability === capability);
  if (!p) return row.detail;
  const committed = problem.committedAtHome?.[`${row.missionId}|${capability}`] ?? 0;
  return floorWords({ ...p, committed }, usage.rowUsed.get(row.rowId) ?? 0);
}

/**
 * Nothing binds, so the plan chose not to lend: the late arrival leaves too little cover for
 * the cost (the only reason an optimal plan would), or a greedy plan simply did not get to it.
 */
function notWorthIt(problem: PlanningProblem, usage: Usage, demandId: string, groups: UnitGroup[]) {
  const ids = new Set(groups.map((group) => group.groupId));
  const pairs = (usage.index.pairsByDemand.get(demandId) ?? [])
    .map((at) => problem.pairs[at])
    .filter((pair) => ids.has(pair.groupId))
    .sort((a, b) => b.coverage - a.coverage);
  const best = pairs[0];
  const weight = usage.index.demands.get(demandId)?.weight ?? 0;
  if (best && best.lenderNeed && lenderLoss(best) >= weight * best.coverage) {
    // (v3) The donor's own need during the loan weighs at least what the loan would win here.
    const own = best.lenderNeed.map((n) => `${n.demandId} (weight ${n.weight}, ${Math.round(n.overlap * 100)}% of its window)`).join(', ');
    return {
      reason: 'used-elsewhere' as const,
      detail: `needed at home: a loan would leave ${best.loanTemplate.fromMission}'s own ${own} short, which weighs more than this demand (weight ${weight})`,
    };
  }
  if (best && best.coverage < 1) {
    return {
      reason: 'too-late' as const,
      detail: `arrives ${best.loanTemplate.arriveBy}, covering ${best.coverage.toFixed(2)} of the window: not worth its cost`,
    };
  }
  return { reason: 'used-elsewhere' as const, detail: 'not chosen by this plan' };
}

function tightFor(row: CapacityRow, group: UnitGroup, usage: Usage): boolean {
  const coefficient = row.coefficients[group.groupId] ?? 0;
  if (coefficient <= 0) return false;
  return effectiveLimit(row.limit) - (usage.rowUsed.get(row.rowId) ?? 0) < coefficient - 1e-9;
}

function receivingTightFor(row: ReceivingRow, group: UnitGroup, usage: Usage): boolean {
  const coefficient = receivingCoefficient(group, row.resource);
  if (coefficient <= 0) return false;
  return effectiveLimit(row.limit) - (usage.rowUsed.get(row.rowId) ?? 0) < coefficient - 1e-9;
}

function measure(problem: PlanningProblem, y: readonly number[]): Usage {
  const index = indexProblem(problem);
  const load = planLoad(problem, y, (groupId) => index.groups.get(groupId));
  const byGroup = load.byGroup;
  const byGroupDemand = new Map<string, Map<string, number>>();
  const covered = new Map<string, number>();
  const moved = new Map<string, Map<string, number>>();
  problem.pairs.forEach((pair, at) => {
    const units = y[at];
    if (!(units > 0)) return;
    const perDemand = byGroupDemand.get(pair.groupId) ?? new Map<string, number>();
    perDemand.set(pair.demandId, (perDemand.get(pair.demandId) ?? 0) + units);
    byGroupDemand.set(pair.groupId, perDemand);
    covered.set(pair.demandId, (covered.get(pair.demandId) ?? 0) + units);
    for (const n of pair.lenderNeed ?? []) {
      const to = moved.get(n.demandId) ?? new Map<string, number>();
      to.set(pair.demandId, (to.get(pair.demandId) ?? 0) + units);
      moved.set(n.demandId, to);
    }
  });

  const rowUsed = new Map<string, number>();
  for (const row of [...problem.floorRows, ...problem.shareRows]) rowUsed.set(row.rowId, capacityRowUse(row, load));
  for (const row of problem.receivingRows) rowUsed.set(row.rowId, receivingRowUse(row, load));
  return {
    index,
    byGroup,
    byGroupDemand,
    covered,
    moved,
    rowUsed,
    floorRowsByGroup: groupBy(problem.floorRows, (row) => Object.keys(row.coefficients)),
    shareRowsByGroup: groupBy(problem.shareRows, (row) => Object.keys(row.coefficients)),
    receivingRowsByDemand: groupBy(problem.receivingRows, (row) => row.demandIds),
  };
}

function groupBy<T>(items: readonly T[], keys: (item: T) => string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
  }
  return map;
}

function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((reason) => {
    const key = `${reason.missionId}\n${reason.reason}\n${reason.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
