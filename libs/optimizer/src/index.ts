export { planProposal, planWithTimings, type PlanOptions, type PlanResult } from './plan-proposal';
export {
  solveProblem,
  DEFAULT_GAP,
  DEFAULT_TIME_LIMIT_MS,
  DEFAULT_LP_MAX_VARIABLES,
  type Engine,
  type ProblemSolution,
  type SolveProblemOptions,
} from './solve-problem';
export { buildModel, type PlanningModel } from './model-builder';
export { greedyPlan } from './greedy';
export { splitComponents } from './components';
export { decodeLoans, type LoanIdFn } from './decode';
export { explainUnmet, proposedPosture } from './explain';
export type { LinearModel, ModelConstraint, ModelVariable } from './linear-model';
export type { SolveOptions, SolveResult, SolveStatus, SolverPort } from './solver.port';
export { HighsAdapter } from './adapters/highs.adapter';
export { JslpAdapter } from './adapters/jslp.adapter';
