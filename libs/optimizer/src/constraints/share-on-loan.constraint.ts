import type { PlanningProblem } from '@imc/domain/planning-problem';
import type { ModelConstraint } from '../linear-model';
import type { ModelVariables } from '../variables';
import { groupCapacityRow } from './capacity-row';

/** Hard: personnel a donor lends (existing loans are already netted out of the limit) stays under its share. */
export function shareOnLoan(problem: PlanningProblem, vars: ModelVariables): ModelConstraint[] {
  return problem.shareRows.flatMap((row) => groupCapacityRow(row, vars) ?? []);
}
