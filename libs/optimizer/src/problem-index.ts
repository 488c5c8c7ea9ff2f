import type { CandidatePair, DemandSlot, PlanningProblem, UnitGroup } from '@imc/domain/planning-problem';

/** Lookups over a PlanningProblem that every stage needs; built once per problem. */
export interface ProblemIndex {
  groups: Map<string, UnitGroup>;
  demands: Map<string, DemandSlot>;
  /** Pair positions (into problem.pairs) per group and per demand, in problem order. */
  pairsByGroup: Map<string, number[]>;
  pairsByDemand: Map<string, number[]>;
}

export function indexProblem(problem: PlanningProblem): ProblemIndex {
  const groups = new Map(problem.groups.map((group) => [group.groupId, group]));
  const demands = new Map(problem.demands.map((demand) => [demand.demandId, demand]));
  const pairsByGroup = new Map<string, number[]>();
  const pairsByDemand = new Map<string, number[]>();
  problem.pairs.forEach((pair, position) => {
    push(pairsByGroup, pair.groupId, position);
    push(pairsByDemand, pair.demandId, position);
  });
  return { groups, demands, pairsByGroup, pairsByDemand };
}

export function pairKey(pair: Pick<CandidatePair, 'groupId' | 'demandId'>): string {
  return `${pair.groupId}|${pair.demandId}`;
}

/** Per-unit coefficient of a group in a receiving row. */
export function receivingCoefficient(group: UnitGroup, resource: 'personnel' | 'aircraft'): number {
  return resource === 'personnel' ? group.personnel : group.aircraft;
}

/**
 * A negative limit (existing loans already above it) means "nothing more", not "undo loans":
 * clamping keeps the all-zero plan feasible, so every engine and the greedy always have a plan.
 */
export function effectiveLimit(limit: number): number {
  return Math.max(0, limit);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
