/**
 * The optimizer: PlanningProblem in, Proposal out. `planProposal` is the entry point; the rest is
 * exported for tests, the benchmark and diagnostics.
 *
 * Strategy `auto` (the default): split into independent components; prove each optimal with the
 * javascript-lp-solver LP relaxation when it comes out integral; solve the rest as one HiGHS MILP
 * under a time limit; fall back to a greedy plan, flagged, only when HiGHS has no solution.
 */
export { planProposal, planWithTimings, type PlanOptions, type PlanResult } from './plan-proposal';
export { ENGINES } from './engines';
export {
  solveProblem,
  completeValues,
  DEFAULT_GAP,
  DEFAULT_LP_MAX_VARIABLES,
  DEFAULT_TIME_LIMIT_MS,
  DEFAULT_JSLP_MILP_BUDGET_MS,
  DEFAULT_WHOLE_MAX_PAIRS,
  DEFAULT_JSLP_MILP_MAX_VARIABLES,
  weightedRowCanBind,
  type Engine,
  type ProblemSolution,
  type SolveProblemOptions,
} from './solve-problem';
export { buildModel, type PlanningModel } from './model-builder';
export { greedyPlan } from './greedy';
export { splitComponents } from './components';
export { ComponentCache, componentKey, type SettledComponent } from './component-cache';
export { decodeLoans, type LoanIdFn } from './decode';
export { explainUnmet, proposedPosture } from './explain';
export { maxViolation, objectiveValue, rowActivity } from './linear-model';
export type { LinearModel, ModelConstraint, ModelVariable, Term, VariableKind } from './linear-model';
export type { SolveOptions, SolveResult, SolveStatus, SolverPort } from './solver.port';
export { HighsAdapter, highsRuntime } from './adapters/highs.adapter';
export { JslpAdapter } from './adapters/jslp.adapter';
export { candidateLevers, ADVICE_SOURCE, type LeverCandidate } from './advice/lever-candidates';
export {
  computeAdvice,
  DEFAULT_ADVICE_BUDGET_MS,
  gainBetween,
  inProcessRunner,
  measurePlan,
  planVariant,
  type AdviceOptions,
  type AdviceRun,
  type MeasuredLever,
  type PlanMeasure,
  type VariantRunner,
} from './advice/compute-advice';
