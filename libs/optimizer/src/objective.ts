import type { CandidatePair, PlanningProblem } from '@imc/domain/planning-problem';
import { hasPreviousUnits, previousUnitsOf } from './previous-units';
import { pairKey } from './problem-index';
import type { ModelVariables } from './variables';

export interface ObjectiveTerms {
  /** Cost per variable, aligned with vars.variables. */
  costs: number[];
  /**
   * Constant: previous units whose pair no longer exists are dropped whatever the plan does, and
   * the previous units of pairs kept whole (their churn is priced per unit of y).
   */
  offset: number;
}

/**
 * Minimise, in one currency of "weighted shortfall":
 *   W * weight[d] * short[d]                                       uncovered demand
 * + y[g,d] * (W * weight[d] * (1 - coverage) + costWeight * cost)  late arrival and money
 * + y[g,d] * W * sum(weight[e] * overlap[e])                     (v3) the lender's own demands e the loan leaves short
 * + changeWeight * drop[g,d]                                       churn against the previous proposal
 *   (where previous >= the most y[g,d] can be, drop = previous - y: changeWeight * previous as a
 *   constant, less changeWeight per unit of y, with no drop variable; see keptWhole)
 * W dominates so that covering a demand always beats saving cost. The lender's term is the moved
 * gap, priced in the same currency as the borrower's shortfall: a unit goes only where the
 * borrower's need outweighs what the lender loses for the overlap of the loan with its own need.
 */
export function objective(problem: PlanningProblem, vars: ModelVariables): ObjectiveTerms {
  const { shortfall: W, cost: costWeight, change: changeWeight } = problem.weights;
  const costs = new Array<number>(vars.variables.length).fill(0);

  problem.pairs.forEach((pair, position) => {
    const weight = vars.index.demands.get(pair.demandId)?.weight ?? 0;
    costs[vars.y[position]] = pairUnitCost(pair, weight, problem.weights);
  });
  // Pairs kept whole: drop = previous - y for every plan, so changeWeight * previous, less
  // changeWeight per unit of y.
  let kept = 0;
  for (const [position, previous] of vars.kept) {
    costs[vars.y[position]] -= changeWeight;
    kept += previous;
  }
  for (const demand of problem.demands) {
    const variable = vars.short.get(demand.demandId);
    if (variable !== undefined) costs[variable] = W * demand.weight;
  }
  for (const variable of vars.drop.values()) costs[variable] = changeWeight;

  return { costs, offset: staleChangeOffset(problem) + changeWeight * kept };
}

/** What one unit of a pair adds to the objective: late arrival, money and the lender's moved gap. */
export function pairUnitCost(pair: CandidatePair, demandWeight: number, weights: PlanningProblem['weights']): number {
  return weights.shortfall * (demandWeight * (1 - pair.coverage) + lenderLoss(pair)) + weights.cost * pair.costPerUnit;
}

/** (v3) The weighted shortfall one unit lent by this pair moves onto its lender: sum of weight x overlap. */
export function lenderLoss(pair: CandidatePair): number {
  let loss = 0;
  for (const n of pair.lenderNeed ?? []) loss += n.weight * n.overlap;
  return loss;
}

/** changeWeight * previous units whose (group, demand) pair no longer exists in this problem. */
export function staleChangeOffset(problem: PlanningProblem): number {
  // Most problems (every first plan, and most parts of a re-plan) have no previous units.
  if (!hasPreviousUnits(problem)) return 0;
  // Keys only for the pairs that have previous units (a few hundred of thousands).
  const previousOf = previousUnitsOf(problem);
  const livePairs = new Set<string>();
  for (const pair of problem.pairs) if (previousOf(pair) !== undefined) livePairs.add(pairKey(pair));
  let units = 0;
  for (const key of Object.keys(problem.previous).sort()) {
    if (!livePairs.has(key)) units += problem.previous[key];
  }
  return problem.weights.change * units;
}
