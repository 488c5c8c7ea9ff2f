import type { Proposal } from '@imc/contracts';
import type { PlanningProblem } from '@imc/domain/planning-problem';
import type { ComponentCache } from './component-cache';
import { decodeLoans, type LoanIdFn } from './decode';
import { explainUnmet, proposedPosture } from './explain';
import { solveProblem, type Engine, type ProblemSolution } from './solve-problem';

export interface PlanOptions {
  engine?: Engine;
  /** Defaults to problem.scope. */
  scope?: string;
  version: number;
  /** Per solver call; default 8 s. */
  timeLimitMs?: number;
  /** Relative MIP gap; default 1e-4. */
  gap?: number;
  /** How loans are named; defaults to the domain's loanIdFor. */
  loanId?: LoanIdFn;
  /** auto: components kept from earlier plans, reused where unchanged (see ComponentCache). */
  cache?: ComponentCache;
}

export interface PlanResult {
  proposal: Proposal;
  solution: ProblemSolution;
  timings: { buildMs: number; solveMs: number; decodeMs: number };
}

/** The whole pipeline with its timings, for the benchmark and for diagnostics. */
export async function planWithTimings(problem: PlanningProblem, options: PlanOptions): Promise<PlanResult> {
  const solution = await solveProblem(problem, options);
  const decodeStart = performance.now();
  const loans = decodeLoans(problem, solution.y, options.loanId);
  const unmet = explainUnmet(problem, solution.y);
  const posture = proposedPosture(problem, loans);
  const decodeMs = performance.now() - decodeStart;

  const scope = options.scope ?? problem.scope;
  const proposal: Proposal = {
    proposalId: `${scope}:${options.version}`,
    scope,
    version: options.version,
    asOf: problem.asOf,
    status: 'pending',
    solver: {
      engine: solution.engine,
      status: solution.status,
      objective: solution.objective,
      solveMs: Math.round(solution.timings.buildMs + solution.timings.solveMs),
      variables: solution.variables,
      constraints: solution.constraints,
    },
    loans,
    unmet,
    posture,
    recalls: problem.recalls.map((r) => structuredClone(r)),
    renewalsDue: (problem.renewalsDue ?? []).map((r) => ({ ...r })),
  };
  return { proposal, solution, timings: { ...solution.timings, decodeMs } };
}

/** PlanningProblem in, Proposal out: model, solve (per options.engine), decode and explain. */
export async function planProposal(problem: PlanningProblem, options: PlanOptions): Promise<Proposal> {
  return (await planWithTimings(problem, options)).proposal;
}
