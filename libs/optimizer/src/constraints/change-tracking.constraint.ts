import type { PlanningProblem } from '@imc/domain/planning-problem';
import type { ModelConstraint } from '../linear-model';
import { pairKey } from '../problem-index';
import type { ModelVariables } from '../variables';

/**
 * Links drop to the previous proposal: drop[g,d] >= previous[g|d] - y[g,d], i.e. y + drop >= previous.
 * With drop's cost in the objective this keeps successive proposals stable.
 */
export function changeTracking(problem: PlanningProblem, vars: ModelVariables): ModelConstraint[] {
  const rows: ModelConstraint[] = [];
  for (const [position, dropVariable] of vars.drop) {
    const pair = problem.pairs[position];
    rows.push({
      name: `change[${pairKey(pair)}]`,
      terms: [
        { variable: vars.y[position], coefficient: 1 },
        { variable: dropVariable, coefficient: 1 },
      ],
      lower: problem.previous[pairKey(pair)] ?? 0,
      upper: Infinity,
    });
  }
  return rows;
}
