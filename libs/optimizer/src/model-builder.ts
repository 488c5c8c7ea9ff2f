import type { PlanningProblem } from '@imc/domain/planning-problem';
import { changeTracking } from './constraints/change-tracking.constraint';
import { demandCoverage } from './constraints/demand.constraint';
import { receivingCapacity } from './constraints/receiving-capacity.constraint';
import { reserveFloors } from './constraints/reserve-floor.constraint';
import { shareOnLoan } from './constraints/share-on-loan.constraint';
import { groupSupply } from './constraints/supply.constraint';
import type { LinearModel } from './linear-model';
import { objective } from './objective';
import { indexProblem } from './problem-index';
import { declareVariables, type ModelVariables } from './variables';

/** The MILP together with the map from planning concepts to its variables. */
export interface PlanningModel {
  model: LinearModel;
  vars: ModelVariables;
}

/** Variables, then hard constraints one family per file, then the objective. */
export function buildModel(problem: PlanningProblem): PlanningModel {
  const vars = declareVariables(problem, indexProblem(problem));

  const constraints = [
    ...demandCoverage(problem, vars),
    ...groupSupply(problem, vars),
    ...reserveFloors(problem, vars),
    ...shareOnLoan(problem, vars),
    ...receivingCapacity(problem, vars),
    ...changeTracking(problem, vars),
  ];

  const { costs, offset } = objective(problem, vars);
  // The variables were declared for this model alone: their costs go in place, not in copies.
  vars.variables.forEach((variable, index) => {
    variable.cost = costs[index];
  });

  return { model: { variables: vars.variables, constraints, objectiveOffset: offset }, vars };
}
