/**
 * A solver-neutral mixed-integer linear model: columns with bounds and costs, rows as sparse
 * terms with lower and upper bounds. Adapters translate it to each solver's own format, so the
 * model builder never depends on a solver library.
 */
export type VariableKind = 'integer' | 'continuous';

export interface ModelVariable {
  /** Deterministic and unique, e.g. `y[g1|d1]`. */
  name: string;
  kind: VariableKind;
  lower: number;
  upper: number;
  cost: number;
}

export interface Term {
  variable: number;
  coefficient: number;
}

export interface ModelConstraint {
  /** Deterministic and unique, e.g. `demand[d1]`, or a planning row's own rowId. */
  name: string;
  terms: Term[];
  lower: number;
  upper: number;
}

export interface LinearModel {
  variables: ModelVariable[];
  constraints: ModelConstraint[];
  /** Constant part of the objective (e.g. previous units whose pair no longer exists). */
  objectiveOffset: number;
}

/** Row activity under `values`, for checks and tests. */
export function rowActivity(constraint: ModelConstraint, values: ArrayLike<number>): number {
  let sum = 0;
  for (const term of constraint.terms) sum += term.coefficient * values[term.variable];
  return sum;
}

export function objectiveValue(model: LinearModel, values: ArrayLike<number>): number {
  let sum = model.objectiveOffset;
  model.variables.forEach((variable, index) => {
    sum += variable.cost * values[index];
  });
  return sum;
}

/** Largest violation of any row or bound; 0 when `values` is feasible. */
export function maxViolation(model: LinearModel, values: ArrayLike<number>): number {
  let worst = 0;
  model.variables.forEach((variable, index) => {
    worst = Math.max(worst, variable.lower - values[index], values[index] - variable.upper);
  });
  for (const constraint of model.constraints) {
    const activity = rowActivity(constraint, values);
    worst = Math.max(worst, constraint.lower - activity, activity - constraint.upper);
  }
  return worst;
}
