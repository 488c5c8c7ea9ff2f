import loadHighs from 'highs';
import type { Highs } from 'highs';
import { objectiveValue, type LinearModel } from '../linear-model';
import type { SolveOptions, SolveResult, SolverPort } from '../solver.port';

let runtime: Promise<Highs> | undefined;

/** The WebAssembly runtime is compiled once per process and shared by every solve. */
export function highsRuntime(): Promise<Highs> {
  runtime ??= loadHighs();
  return runtime;
}

/** The rules of MILP_PRESOLVE_RULES_OFF from bit 6 up, in HiGHS's own words (checked by a spec). */
export const MILP_PRESOLVE_RULES_OFF_NAMES = [
  'Forcing row',
  'Forcing col',
  'Free col substitution',
  'Doubleton equation',
  'Dependent equations',
  'Dependent free columns',
  'Aggregator',
  'Parallel rows and columns',
  'Sparsify',
  'Probing',
  'Enumeration',
  'Dual fixing',
  'Col stuffing',
];

/** The first rule HiGHS lets a caller switch off; the ones below it always run. */
const FIRST_RULE_OFF = 6;

/**
 * The presolve rules a MILP runs without, as HiGHS's `presolve_rule_off` bit mask: bits 6 to 18,
 * every rule HiGHS lets a caller switch off but its initial sweep. On these models the MIP presolve
 * spent most of its time in parallel rows and columns, probing and enumeration (each alone saved
 * little; together most), and the root node proves the optimum without them. Measured, same
 * optimum every time: dense 120/300 parts of 11,574 and 11,621 pairs 506 -> 296 ms and
 * 362 -> 219 ms; the 89,214-pair part of 300/1000 proven in 7.0 s instead of 11.8 s; the five
 * dense families at 120/300, first plan and re-plan a day later, 9.8 -> 8.0 s of auto in all; 16/20
 * the same or faster. The LP relaxation keeps HiGHS's default presolve (1.5% faster without, noise).
 */
export const MILP_PRESOLVE_RULES_OFF = MILP_PRESOLVE_RULES_OFF_NAMES.reduce((mask, _, at) => mask | (1 << (FIRST_RULE_OFF + at)), 0);

/**
 * HiGHS through its column-array API: the model goes in as a CSC matrix with no text to write or
 * parse, which measured faster than the LP-text interface. With `relax: true` it solves the LP
 * relaxation (integrality ignored): on a large component whose rows keep the LP integral, that
 * settles it in a tenth of the MILP's time (measured: 57 ms against 707 ms on a 9,596-pair part).
 */
export class HighsAdapter implements SolverPort {
  readonly name: string;

  constructor(private readonly mode: { relax: boolean } = { relax: false }) {
    this.name = mode.relax ? 'highs-lp' : 'highs';
  }

  async solve(model: LinearModel, options: SolveOptions): Promise<SolveResult> {
    const highs = await highsRuntime();
    const columns = toColumns(model, highs.infinity);
    if (this.mode.relax) columns.integrality = new Int32Array(columns.numCols);
    const instance = highs.createModel(columns);
    try {
      instance.options.set({
        output_flag: false,
        time_limit: Math.max(options.timeLimitMs, 1) / 1000,
        mip_rel_gap: options.gap,
        // Feasibility jump looks for a first incumbent before the root LP; on these models the
        // root LP's rounding finds a far better one at once, and where a part is expected to run
        // to its limit the caller gives a start. Off: 50-110 ms less per large part (dense
        // 120/300 parts of 11,251 and 28,430 pairs), same optimum.
        mip_heuristic_run_feasibility_jump: false,
        // RENS (a sub-MIP around the root LP's solution) is where a root node of these models can
        // lose seconds: a dense long-reach 120/300 re-plan's 28,599-pair part took 4.5 s with it,
        // 1.75 s without, both proven at the root, same optimum. Without it elsewhere: the same
        // within noise (parts of 5,867 to 28,620 pairs) or faster (300/1000's 89,214 pairs 7.2 -> 6.4 s).
        mip_heuristic_run_rens: false,
        // Not in the package's option types, but a HiGHS option all the same (see the constant).
        ...(this.mode.relax ? {} : ({ presolve_rule_off: MILP_PRESOLVE_RULES_OFF } as object)),
      });
      if (!this.mode.relax && options.start && options.start.length === model.variables.length) instance.setSolution({ colValue: Float64Array.from(options.start) });
      instance.run();
      const status = instance.getModelStatus();
      const codes = highs.constants.modelStatus;
      if (status === codes.infeasible) return { status: 'infeasible', values: [], objective: Number.NaN };
      const hasSolution = Number(instance.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
      if (!hasSolution) return { status: 'error', values: [], objective: Number.NaN };
      const values = Array.from(instance.getSolution().colValue);
      const proven = status === codes.optimal;
      const gap = readGap(() => instance.info.get('mip_gap'));
      return { status: proven ? 'optimal' : 'time-limit', values, objective: objectiveValue(model, values), ...(Number.isFinite(gap) ? { gap } : {}) };
    } catch {
      // A solver failure must not lose the plan: 'error' sends the caller to the flagged greedy.
      return { status: 'error', values: [], objective: Number.NaN };
    } finally {
      instance.dispose();
    }
  }
}

/** HiGHS's relative MIP gap, or NaN where it has none (an LP, or a run that never branched). */
function readGap(read: () => number | bigint): number {
  try {
    return Number(read());
  } catch {
    return Number.NaN;
  }
}

/** The model as HiGHS column arrays (CSC); exported for diagnostics and the benchmark. */
export function toColumns(model: LinearModel, infinity: number) {
  const numCols = model.variables.length;
  const numRows = model.constraints.length;
  const bound = (value: number) => (value === Infinity ? infinity : value === -Infinity ? -infinity : value);

  const counts = new Int32Array(numCols + 1);
  for (const row of model.constraints) for (const term of row.terms) counts[term.variable + 1] += 1;
  const starts = new Int32Array(numCols + 1);
  for (let col = 0; col < numCols; col += 1) starts[col + 1] = starts[col] + counts[col + 1];
  const next = starts.slice(0, numCols);
  const indices = new Int32Array(starts[numCols]);
  const values = new Float64Array(starts[numCols]);
  model.constraints.forEach((row, rowIndex) => {
    for (const term of row.terms) {
      const at = next[term.variable]++;
      indices[at] = rowIndex;
      values[at] = term.coefficient;
    }
  });

  return {
    numCols,
    numRows,
    offset: model.objectiveOffset,
    colCost: Float64Array.from(model.variables, (variable) => variable.cost),
    colLower: Float64Array.from(model.variables, (variable) => bound(variable.lower)),
    colUpper: Float64Array.from(model.variables, (variable) => bound(variable.upper)),
    rowLower: Float64Array.from(model.constraints, (row) => bound(row.lower)),
    rowUpper: Float64Array.from(model.constraints, (row) => bound(row.upper)),
    matrix: { format: 'csc' as const, numRows, numCols, starts, indices, values },
    integrality: Int32Array.from(model.variables, (variable) => (variable.kind === 'integer' ? 1 : 0)),
  };
}
