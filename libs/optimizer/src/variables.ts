import type { PlanningProblem } from '@imc/domain/planning-problem';
import type { ModelVariable } from './linear-model';
import { hasPreviousUnits, previousUnitsOf } from './previous-units';
import { pairKey, type ProblemIndex } from './problem-index';

/**
 * The decision variables, in a fixed order: y per pair (problem order), then short per demand
 * (problem order), then drop per pair whose previous units y can exceed (see keptWhole).
 */
export interface ModelVariables {
  variables: ModelVariable[];
  /** Variable index of y for each pair position. */
  y: number[];
  /** Variable index of short per demandId. */
  short: Map<string, number>;
  /** Variable index of drop per pair position (only pairs with previous units y can exceed; see keptWhole). */
  drop: Map<number, number>;
  /** Previous units per pair position of the pairs kept whole (no drop variable; see keptWhole). */
  kept: Map<number, number>;
  index: ProblemIndex;
}

/**
 * How a pair's previous units enter the model: true when they are at least the most it can lend (the units of its group, the units its demand asks for), so that
 * drop = previous - y exactly for every plan and the churn is linear in y (a bonus per unit kept,
 * no drop variable and no change row); false when y can exceed them, and drop >= previous - y
 * needs its own variable and row. On dense 120/300 a day later 428 of 453 previous pairs were
 * kept whole.
 */
function keptWhole(previous: number, pair: PlanningProblem['pairs'][number], index: ProblemIndex): boolean {
  const units = index.groups.get(pair.groupId)?.unitIds.length ?? 0;
  const asked = index.demands.get(pair.demandId)?.quantity ?? 0;
  return previous >= Math.min(units, asked);
}

export function declareVariables(problem: PlanningProblem, index: ProblemIndex): ModelVariables {
  const variables: ModelVariable[] = [];
  const add = (variable: ModelVariable): number => variables.push(variable) - 1;

  // y needs no explicit upper bound: the group-supply row already caps it, and javascript-lp-solver
  // would pay a whole extra row for every bound.
  const y = problem.pairs.map((pair) =>
    add({ name: `y[${pairKey(pair)}]`, kind: 'integer', lower: 0, upper: Infinity, cost: 0 }),
  );
  const short = new Map<string, number>();
  for (const demand of problem.demands) {
    short.set(
      demand.demandId,
      add({ name: `short[${demand.demandId}]`, kind: 'continuous', lower: 0, upper: Infinity, cost: 0 }),
    );
  }
  const drop = new Map<number, number>();
  const kept = new Map<number, number>();
  // Most problems (every first plan, most parts of a re-plan) have no previous units: no keys to build.
  if (hasPreviousUnits(problem)) {
    const previousOf = previousUnitsOf(problem);
    problem.pairs.forEach((pair, position) => {
      const previous = previousOf(pair) ?? 0;
      if (previous <= 0) return;
      if (keptWhole(previous, pair, index)) kept.set(position, previous);
      else drop.set(position, add({ name: `drop[${pairKey(pair)}]`, kind: 'continuous', lower: 0, upper: Infinity, cost: 0 }));
    });
  }
  return { variables, y, short, drop, kept, index };
}
