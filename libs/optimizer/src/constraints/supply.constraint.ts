import type { PlanningProblem } from '@imc/domain/planning-problem';
import type { ModelConstraint } from '../linear-model';
import type { ModelVariables } from '../variables';

/** Hard: a group lends at most the units it has: sum_d y[g,d] <= count[g]. */
export function groupSupply(problem: PlanningProblem, vars: ModelVariables): ModelConstraint[] {
  const rows: ModelConstraint[] = [];
  for (const group of problem.groups) {
    const pairs = vars.index.pairsByGroup.get(group.groupId);
    if (!pairs) continue; // a group with no candidate pair has no variable to bound
    rows.push({
      name: `supply[${group.groupId}]`,
      terms: pairs.map((position) => ({ variable: vars.y[position], coefficient: 1 })),
      lower: -Infinity,
      upper: group.unitIds.length,
    });
  }
  return rows;
}
