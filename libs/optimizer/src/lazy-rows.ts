import type { CapacityRow, PlanningProblem, ReceivingRow } from '@imc/domain/planning-problem';
import { DisjointSets } from './components';
import { capacityRowUse, planLoad, receivingRowUse } from './plan-load';
import { effectiveLimit } from './problem-index';

/** Row tolerance, as for every other feasibility check of a rounded answer. */
const FEASIBLE = 1e-6;

/**
 * A row left out that a plan uses to at least this share of its limit is added along with the
 * broken ones. Measured on the five dense 120/300 families (whole plan, first / re-plan a day
 * later), against adding the broken rows alone: base 820/1005 -> 748/765 ms, pending-consents
 * 1062/1170 -> 847/847, long-reach re-plan 2420 -> 2241, tight-floors 850/1248 -> 963/1280 (the
 * one family it costs), small-demands the same. 0.8, 0.85 and 0.95 did worse on one family or
 * another; adding every row one more unit would break cost twice the time on pending-consents.
 */
const NEAR_LIMIT = 0.9;

type RowKind = 'floor' | 'share' | 'receiving';

interface Tracked {
  kind: RowKind;
  row: CapacityRow | ReceivingRow;
  active: boolean;
  /** Cannot bind: never carried, though checked like the others. */
  redundant: boolean;
}

/**
 * Lazy coupling rows: which capacity rows a plan's models carry, and which are only checked.
 *
 * On dense worlds a few rows (a donor's share on loan, across all its capabilities; a recipient's
 * receiving capacity, across all its demands) glue every pair into one component that HiGHS cannot
 * prove in seconds, although few of those rows end up binding (measured on 120/300 dense: 4 of
 * 114 share rows and 28 of 165 receiving rows are tight at the LP optimum). So the models start
 * with the rows that lie within one component of the pairs alone, and the rows that cross
 * components are left out; once the parts are solved, each row left out is checked against the
 * combined plan, and the ones it breaks are added (merging the components they touch) before the
 * parts they changed are solved again. A plan that is optimal for the rows it carried and keeps
 * every row it did not carry is optimal for the whole problem (the rows left out can only raise
 * the optimum), so "optimal" stays proven; likewise the proven bound of each part still bounds the
 * whole, so a part's gap is not made worse.
 *
 * Rows that cannot bind whatever the plan (their groups together cannot lend enough to reach the
 * limit) are never carried: they are redundant. They are checked like the others all the same.
 */
export class LazyRows {
  private readonly tracked: Tracked[] = [];
  private readonly groupWeight: Map<string, { personnel: number; aircraft: number }>;
  /** How many rows were left out of the models at the start, and how many added back since. */
  readonly counts = { carried: 0, deferred: 0, redundant: 0, added: 0 };

  constructor(private readonly problem: PlanningProblem) {
    this.groupWeight = new Map(problem.groups.map((g) => [g.groupId, { personnel: g.personnel, aircraft: g.aircraft }]));
    const reach = rowReach(problem);
    const roots = pairRoots(problem);
    const track = (kind: RowKind, row: CapacityRow | ReceivingRow, nodes: string[], potential: number) => {
      if (nodes.length === 0) return; // touches no variable: nothing to carry or check
      const redundant = potential <= effectiveLimit(row.limit) + FEASIBLE;
      const local = nodes.every((node) => roots.find(node) === roots.find(nodes[0]));
      const active = !redundant && local;
      if (redundant) this.counts.redundant += 1;
      else if (active) this.counts.carried += 1;
      else this.counts.deferred += 1;
      this.tracked.push({ kind, row, active, redundant });
    };
    for (const row of problem.floorRows) track('floor', row, reach.groupsOf(row), reach.capacityPotential(row));
    for (const row of problem.shareRows) track('share', row, reach.groupsOf(row), reach.capacityPotential(row));
    for (const row of problem.receivingRows) track('receiving', row, reach.demandsOf(row), reach.receivingPotential(row));
  }

  /** The problem with the carried rows only (in the problem's own order), to split and solve. */
  relaxed(): PlanningProblem {
    const carried = (kind: RowKind) => this.tracked.filter((t) => t.kind === kind && t.active).map((t) => t.row);
    return {
      ...this.problem,
      floorRows: carried('floor') as CapacityRow[],
      shareRows: carried('share') as CapacityRow[],
      receivingRows: carried('receiving') as ReceivingRow[],
    };
  }

  /** How many rows the models do not carry (to count the whole problem's rows). */
  get uncarried(): number {
    return this.tracked.filter((t) => !t.active).length;
  }

  /** Carries every row that can bind from now on (the last round, when time is short). */
  addAll(): void {
    for (const tracked of this.tracked) {
      if (!tracked.active && !tracked.redundant) {
        tracked.active = true;
        this.counts.added += 1;
      }
    }
  }

  /**
   * Adds to the carried rows every row left out that `y` (units per pair of the whole problem)
   * breaks, and with them (a new round is due anyway) every row left out that `y` uses to within
   * NEAR_LIMIT of its limit: the next round's plan, moving units to keep the broken rows, tends to
   * break those, and each round re-solves the parts its rows join. Returns how many rows were
   * added; 0 means `y` keeps every row of the problem (and nothing was added).
   */
  addBrokenBy(y: readonly number[]): number {
    const load = planLoad(this.problem, y, (groupId) => this.groupWeight.get(groupId));
    const broken: Tracked[] = [];
    const near: Tracked[] = [];
    for (const tracked of this.tracked) {
      if (tracked.active) continue;
      const used = tracked.kind === 'receiving' ? receivingRowUse(tracked.row as ReceivingRow, load) : capacityRowUse(tracked.row as CapacityRow, load);
      const limit = effectiveLimit(tracked.row.limit);
      if (used > limit + FEASIBLE) broken.push(tracked);
      else if (!tracked.redundant && limit > 0 && used >= NEAR_LIMIT * limit) near.push(tracked);
    }
    if (broken.length === 0) return 0;
    for (const tracked of [...broken, ...near]) tracked.active = true;
    this.counts.added += broken.length + near.length;
    return broken.length + near.length;
  }
}

/** Component roots of the pairs alone (no rows): `g:<groupId>` and `d:<demandId>` nodes. */
function pairRoots(problem: PlanningProblem): DisjointSets {
  const nodes = new DisjointSets();
  for (const pair of problem.pairs) nodes.union(`g:${pair.groupId}`, `d:${pair.demandId}`);
  return nodes;
}

/**
 * Upper bounds on a row's activity from the supply and demand rows alone, which every model
 * carries: a group lends no more than it has, nor more than the demands it pairs with ask for; the
 * demands a row reaches take no more than they ask for, each unit weighing at most its heaviest
 * candidate. A row whose bound stays within its limit cannot bind.
 */
export function rowReach(problem: PlanningProblem) {
  const groups = new Map(problem.groups.map((g) => [g.groupId, g]));
  const quantity = new Map(problem.demands.map((d) => [d.demandId, d.quantity]));
  const askedOf = new Map<string, number>();
  const demandsOfGroup = new Map<string, string[]>();
  const heaviestInto = new Map<string, { personnel: number; aircraft: number }>();
  for (const pair of problem.pairs) {
    askedOf.set(pair.groupId, (askedOf.get(pair.groupId) ?? 0) + (quantity.get(pair.demandId) ?? 0));
    const list = demandsOfGroup.get(pair.groupId);
    if (list) list.push(pair.demandId);
    else demandsOfGroup.set(pair.groupId, [pair.demandId]);
    const g = groups.get(pair.groupId);
    if (!g) continue;
    const h = heaviestInto.get(pair.demandId) ?? { personnel: 0, aircraft: 0 };
    heaviestInto.set(pair.demandId, { personnel: Math.max(h.personnel, g.personnel), aircraft: Math.max(h.aircraft, g.aircraft) });
  }
  return {
    /** Groups of a floor or share row that have a pair (the ones with a variable). */
    groupsOf(row: CapacityRow): string[] {
      return Object.keys(row.coefficients)
        .filter((groupId) => askedOf.has(groupId) && row.coefficients[groupId] !== 0)
        .map((groupId) => `g:${groupId}`);
    },
    /** Demands of a receiving row that have a pair whose group weighs in that row. */
    demandsOf(row: ReceivingRow): string[] {
      return row.demandIds.filter((demandId) => (heaviestInto.get(demandId)?.[row.resource] ?? 0) > 0).map((demandId) => `d:${demandId}`);
    },
    capacityPotential(row: CapacityRow): number {
      let bySupply = 0;
      const heaviestFor = new Map<string, number>();
      for (const [groupId, coefficient] of Object.entries(row.coefficients)) {
        bySupply += coefficient * Math.min(groups.get(groupId)?.unitIds.length ?? 0, askedOf.get(groupId) ?? 0);
        for (const demandId of demandsOfGroup.get(groupId) ?? []) heaviestFor.set(demandId, Math.max(heaviestFor.get(demandId) ?? 0, coefficient));
      }
      let byDemand = 0;
      for (const [demandId, coefficient] of heaviestFor) byDemand += coefficient * (quantity.get(demandId) ?? 0);
      return Math.min(bySupply, byDemand);
    },
    receivingPotential(row: ReceivingRow): number {
      let potential = 0;
      for (const demandId of row.demandIds) potential += (quantity.get(demandId) ?? 0) * (heaviestInto.get(demandId)?.[row.resource] ?? 0);
      return potential;
    },
  };
}

/** A problem's row bounds (see rowReach), computed once and read by several questions. */
export type RowReach = ReturnType<typeof rowReach>;
