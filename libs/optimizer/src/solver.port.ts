import type { LinearModel } from './linear-model';

export interface SolveOptions {
  /** Wall-clock budget for this call. */
  timeLimitMs: number;
  /** Relative MIP gap at which a solution counts as optimal. */
  gap: number;
  /**
   * A feasible solution (one value per model variable) the solver may start from: an incumbent
   * from the first node prunes the search, and the answer is never worse than it. Optional.
   */
  start?: number[];
}

/**
 * - optimal: proven optimal (for a MIP: within `gap`);
 * - time-limit: stopped by the budget with a feasible solution in `values`;
 * - infeasible: proven infeasible;
 * - error: anything else, including a time-out with no solution; `values` is empty.
 */
export type SolveStatus = 'optimal' | 'time-limit' | 'infeasible' | 'error';

export interface SolveResult {
  status: SolveStatus;
  /** One value per model variable, in model order; empty unless status is optimal or time-limit. */
  values: number[];
  objective: number;
  /** Relative gap between `objective` and the solver's proven bound, where the solver reports one. */
  gap?: number;
}

/** The one seam between the optimizer and a solver library. */
export interface SolverPort {
  readonly name: string;
  solve(model: LinearModel, options: SolveOptions): Promise<SolveResult>;
}
