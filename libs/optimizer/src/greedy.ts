import { pairUnitCost } from './objective';
import type { PlanningProblem } from '@imc/domain/planning-problem';
import { effectiveLimit, indexProblem, receivingCoefficient } from './problem-index';

interface RowState {
  left: number;
}

/**
 * The flagged last resort: highest-weight demand first (ties by demandId); for each, the best
 * donor first, by the same per-unit objective term the MILP uses (late arrival, then cost), then
 * the nearest, then groupId; each takes as many units as every row still allows. Never lends a
 * unit that costs more than leaving the demand short. Returns y per pair position.
 */
export function greedyPlan(problem: PlanningProblem): number[] {
  const index = indexProblem(problem);
  const { shortfall: W } = problem.weights;
  const y = new Array<number>(problem.pairs.length).fill(0);

  const groupLeft = new Map(problem.groups.map((group) => [group.groupId, group.unitIds.length]));
  const groupRows = new Map<string, { state: RowState; coefficient: number }[]>();
  for (const row of [...problem.floorRows, ...problem.shareRows]) {
    const state = { left: effectiveLimit(row.limit) };
    for (const [groupId, coefficient] of Object.entries(row.coefficients)) {
      if (coefficient === 0) continue;
      const rows = groupRows.get(groupId) ?? [];
      rows.push({ state, coefficient });
      groupRows.set(groupId, rows);
    }
  }
  const demandRows = new Map<string, { state: RowState; resource: 'personnel' | 'aircraft' }[]>();
  for (const row of problem.receivingRows) {
    const state = { left: effectiveLimit(row.limit) };
    for (const demandId of row.demandIds) {
      const rows = demandRows.get(demandId) ?? [];
      rows.push({ state, resource: row.resource });
      demandRows.set(demandId, rows);
    }
  }

  const demands = [...problem.demands].sort((a, b) => b.weight - a.weight || compare(a.demandId, b.demandId));
  for (const demand of demands) {
    let need = demand.quantity;
    const unitCost = (position: number) => {
      const pair = problem.pairs[position];
      return pairUnitCost(pair, demand.weight, problem.weights);
    };
    const candidates = [...(index.pairsByDemand.get(demand.demandId) ?? [])]
      .filter((position) => unitCost(position) < W * demand.weight)
      .sort(
        (a, b) =>
          unitCost(a) - unitCost(b) ||
          problem.pairs[a].loanTemplate.distanceKm - problem.pairs[b].loanTemplate.distanceKm ||
          compare(problem.pairs[a].groupId, problem.pairs[b].groupId),
      );
    for (const position of candidates) {
      if (need <= 0) break;
      const group = index.groups.get(problem.pairs[position].groupId);
      if (!group) continue;
      let amount = Math.min(need, groupLeft.get(group.groupId) ?? 0);
      const rows = groupRows.get(group.groupId) ?? [];
      for (const { state, coefficient } of rows) amount = Math.min(amount, Math.floor(state.left / coefficient + 1e-9));
      const receiving = (demandRows.get(demand.demandId) ?? [])
        .map(({ state, resource }) => ({ state, coefficient: receivingCoefficient(group, resource) }))
        .filter(({ coefficient }) => coefficient > 0);
      for (const { state, coefficient } of receiving) amount = Math.min(amount, Math.floor(state.left / coefficient + 1e-9));
      if (amount <= 0) continue;

      y[position] += amount;
      need -= amount;
      groupLeft.set(group.groupId, (groupLeft.get(group.groupId) ?? 0) - amount);
      for (const { state, coefficient } of [...rows, ...receiving]) state.left -= coefficient * amount;
    }
  }
  return y;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
