import type { PlanningProblem } from '@imc/domain/planning-problem';
import type { ModelConstraint } from '../linear-model';
import type { ModelVariables } from '../variables';

/** Hard: every demand is either covered or explicitly short: sum_g y[g,d] + short[d] = quantity[d]. */
export function demandCoverage(problem: PlanningProblem, vars: ModelVariables): ModelConstraint[] {
  return problem.demands.map((demand) => {
    const terms = (vars.index.pairsByDemand.get(demand.demandId) ?? []).map((position) => ({
      variable: vars.y[position],
      coefficient: 1,
    }));
    terms.push({ variable: shortOf(vars, demand.demandId), coefficient: 1 });
    return { name: `demand[${demand.demandId}]`, terms, lower: demand.quantity, upper: demand.quantity };
  });
}

function shortOf(vars: ModelVariables, demandId: string): number {
  const variable = vars.short.get(demandId);
  if (variable === undefined) throw new Error(`no short variable for demand ${demandId}`);
  return variable;
}
