import type { PlanningProblem } from '@imc/domain/planning-problem';
import type { ModelConstraint } from '../linear-model';
import type { ModelVariables } from '../variables';
import { groupCapacityRow } from './capacity-row';

/** Hard: a donor keeps its reserve floor per capability: sum y over groups of (m, c) <= available - floor. */
export function reserveFloors(problem: PlanningProblem, vars: ModelVariables): ModelConstraint[] {
  return problem.floorRows.flatMap((row) => groupCapacityRow(row, vars) ?? []);
}
