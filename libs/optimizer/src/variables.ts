import type { PlanningProblem } from '@imc/domain/planning-problem';
import type { ModelVariable } from './linear-model';
import { pairKey, type ProblemIndex } from './problem-index';

/**
 * The decision variables, in a fixed order: y per pair (problem order), then short per demand
 * (problem order), then drop per pair that had units in the previous proposal.
 */
export interface ModelVariables {
  variables: ModelVariable[];
  /** Variable index of y for each pair position. */
  y: number[];
  /** Variable index of short per demandId. */
  short: Map<string, number>;
  /** Variable index of drop per pair position (only pairs with previous units). */
  drop: Map<number, number>;
  index: ProblemIndex;
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
  problem.pairs.forEach((pair, position) => {
    if ((problem.previous[pairKey(pair)] ?? 0) > 0) {
      drop.set(
        position,
        add({ name: `drop[${pairKey(pair)}]`, kind: 'continuous', lower: 0, upper: Infinity, cost: 0 }),
      );
    }
  });
  return { variables, y, short, drop, index };
}
