import solver from 'javascript-lp-solver';
import type { Model as JslpModel, SolveResult as JslpResult } from 'javascript-lp-solver';
import { objectiveValue, type LinearModel } from '../linear-model';
import type { SolveOptions, SolveResult, SolverPort } from '../solver.port';

/** The objective's attribute name; the brackets keep it apart from every row name we generate. */
const OBJECTIVE = '[objective]';

/**
 * javascript-lp-solver. As an LP (`relax: true`, integrality ignored) it takes milliseconds on our
 * components; as a MILP its own branch and bound is slow, so that mode exists to be measured.
 * Its solve is synchronous: it blocks the event loop for as long as it runs.
 */
export class JslpAdapter implements SolverPort {
  readonly name: string;

  constructor(private readonly mode: { relax: boolean }) {
    this.name = mode.relax ? 'jslp-lp' : 'jslp';
  }

  async solve(model: LinearModel, options: SolveOptions): Promise<SolveResult> {
    const jsModel = toJslp(model, this.mode.relax, options);
    const started = Date.now();
    const result = solver.Solve(jsModel) as JslpResult;
    const elapsed = Date.now() - started;

    if (result.bounded === false) return { status: 'error', values: [], objective: Number.NaN };
    if (!result.feasible) {
      // Only a relaxation that ran to completion proves infeasibility; a timed-out search proves nothing.
      const timedOut = !this.mode.relax && elapsed >= options.timeLimitMs;
      return { status: timedOut ? 'error' : 'infeasible', values: [], objective: Number.NaN };
    }
    const values = model.variables.map((variable) => {
      const value = result[variable.name];
      return typeof value === 'number' ? value : 0;
    });
    if (!this.mode.relax) {
      // The library reports the last node it looked at when it runs out of time, which need not
      // be integral; and it gives no flag for "stopped early", so elapsed time is the evidence.
      const integral = model.variables.every(
        (variable, index) => variable.kind !== 'integer' || Math.abs(values[index] - Math.round(values[index])) <= 1e-9,
      );
      if (!integral) return { status: 'error', values: [], objective: Number.NaN };
      if (elapsed >= options.timeLimitMs) return { status: 'time-limit', values, objective: objectiveValue(model, values) };
    }
    return { status: 'optimal', values, objective: objectiveValue(model, values) };
  }
}

function toJslp(model: LinearModel, relax: boolean, options: SolveOptions): JslpModel {
  const constraints: JslpModel['constraints'] = {};
  const variables: JslpModel['variables'] = {};
  const ints: Record<string, boolean> = {};

  model.variables.forEach((variable) => {
    variables[variable.name] = { [OBJECTIVE]: variable.cost };
    if (!relax && variable.kind === 'integer') ints[variable.name] = true;
  });
  const addRow = (name: string, terms: { variable: number; coefficient: number }[], lower: number, upper: number) => {
    for (const term of terms) variables[model.variables[term.variable].name][name] = term.coefficient;
    if (lower === upper) constraints[name] = { equal: upper };
    else if (Number.isFinite(lower) && Number.isFinite(upper)) constraints[name] = { min: lower, max: upper };
    else if (Number.isFinite(upper)) constraints[name] = { max: upper };
    else if (Number.isFinite(lower)) constraints[name] = { min: lower };
  };
  for (const constraint of model.constraints) addRow(constraint.name, constraint.terms, constraint.lower, constraint.upper);
  // The library only knows x >= 0; other bounds become rows of their own.
  model.variables.forEach((variable, index) => {
    const bounded = variable.lower !== 0 || Number.isFinite(variable.upper);
    if (bounded) addRow(`[bound]${variable.name}`, [{ variable: index, coefficient: 1 }], variable.lower, variable.upper);
  });

  return {
    optimize: OBJECTIVE,
    opType: 'min',
    constraints,
    variables,
    ints,
    ...(relax ? {} : { timeout: options.timeLimitMs, tolerance: options.gap }),
  };
}
