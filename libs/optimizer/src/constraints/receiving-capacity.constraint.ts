import type { PlanningProblem } from '@imc/domain/planning-problem';
import type { ModelConstraint, Term } from '../linear-model';
import { effectiveLimit, receivingCoefficient } from '../problem-index';
import type { ModelVariables } from '../variables';

/**
 * Hard: a recipient can shelter and support only so much: sum over pairs into the row's demands of
 * (personnel or aircraft per unit) * y <= limit. These weighted rows are what make the LP fractional.
 */
export function receivingCapacity(problem: PlanningProblem, vars: ModelVariables): ModelConstraint[] {
  const rows: ModelConstraint[] = [];
  for (const row of problem.receivingRows) {
    const terms: Term[] = [];
    for (const demandId of row.demandIds) {
      for (const position of vars.index.pairsByDemand.get(demandId) ?? []) {
        const group = vars.index.groups.get(problem.pairs[position].groupId);
        const coefficient = group ? receivingCoefficient(group, row.resource) : 0;
        if (coefficient !== 0) terms.push({ variable: vars.y[position], coefficient });
      }
    }
    if (terms.length > 0) rows.push({ name: row.rowId, terms, lower: -Infinity, upper: effectiveLimit(row.limit) });
  }
  return rows;
}
