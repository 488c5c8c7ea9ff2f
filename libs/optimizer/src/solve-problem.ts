import type { PlanningProblem } from '@imc/domain/planning-problem';
import type { SolverStatus } from '@imc/contracts';
import { HighsAdapter } from './adapters/highs.adapter';
import { JslpAdapter } from './adapters/jslp.adapter';
import { splitComponents } from './components';
import { greedyPlan } from './greedy';
import { maxViolation, objectiveValue } from './linear-model';
import { buildModel, type PlanningModel } from './model-builder';
import { staleChangeOffset } from './objective';
import { pairKey } from './problem-index';
import type { SolveOptions, SolverPort } from './solver.port';

import type { Engine } from './engines';

export type { Engine };

export interface SolveProblemOptions {
  engine?: Engine;
  /**
   * Budget per MILP solver call, default 5 s. For auto that is its one HiGHS call; its LP
   * relaxations are small by construction (lpMaxVariables) and run to completion.
   */
  timeLimitMs?: number;
  /** Relative MIP gap; default 1e-4. */
  gap?: number;
  /**
   * auto only: a component with more variables skips the javascript-lp-solver relaxation and goes
   * straight to HiGHS. That library keeps a dense tableau (rows x columns), so its LP time and
   * memory grow with the product; below this size it is the fast path.
   */
  lpMaxVariables?: number;
  /**
   * auto only: try the LP relaxation on every component within lpMaxVariables, even one whose
   * weighted row can bind (default false: those go straight to HiGHS). Exists so that the
   * property test runs the fractional-relaxation fallback on real relaxations, not a stub.
   */
  lpFirst?: boolean;
  /** Replace the solver adapters (tests, or another MILP solver behind the same port). */
  solvers?: { lp?: SolverPort; milp?: SolverPort };
}

export const DEFAULT_TIME_LIMIT_MS = 5000;
export const DEFAULT_GAP = 1e-4;
export const DEFAULT_LP_MAX_VARIABLES = 1000;

export interface ProblemSolution {
  /** Units per pair, aligned with problem.pairs. */
  y: number[];
  status: SolverStatus;
  /** What actually ran, e.g. `auto(jslp-lp+highs)`. */
  engine: string;
  objective: number;
  variables: number;
  constraints: number;
  components: number;
  /** How many components each path settled (auto only; the others count the whole problem). */
  settledBy: { trivial: number; lp: number; milp: number; greedy: number };
  timings: { buildMs: number; solveMs: number };
}

/** Integrality tolerance for accepting an LP relaxation as the integer optimum. */
const INTEGRAL = 1e-9;
/** Row tolerance for accepting a rounded solver answer as feasible. */
const FEASIBLE = 1e-6;

const RANK: Record<SolverStatus, number> = { optimal: 0, 'time-limit': 1, 'greedy-fallback': 2 };

export async function solveProblem(problem: PlanningProblem, options: SolveProblemOptions = {}): Promise<ProblemSolution> {
  const engine = options.engine ?? 'auto';
  const solveOptions: SolveOptions = {
    timeLimitMs: options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
    gap: options.gap ?? DEFAULT_GAP,
  };
  const lp = options.solvers?.lp ?? new JslpAdapter({ relax: true });
  const milp = options.solvers?.milp ?? new HighsAdapter();
  if (engine === 'auto') return solveByComponents(problem, solveOptions, lp, milp, options.lpMaxVariables ?? DEFAULT_LP_MAX_VARIABLES, options.lpFirst ?? false);

  const buildStart = performance.now();
  const built = buildModel(problem);
  const buildMs = performance.now() - buildStart;
  const solveStart = performance.now();
  let outcome: Outcome;
  if (engine === 'greedy') {
    outcome = { y: greedyPlan(problem), status: 'greedy-fallback', path: 'greedy' };
  } else {
    const solver = engine === 'highs' ? milp : new JslpAdapter({ relax: false });
    outcome = await solveMilp(problem, built, solver, solveOptions);
  }
  const solveMs = performance.now() - solveStart;
  const used = outcome.path === 'greedy' && engine !== 'greedy' ? `${engine}+greedy` : engine;
  return {
    y: outcome.y,
    status: outcome.status,
    engine: used,
    objective: objectiveValue(built.model, completeValues(problem, built, outcome.y)),
    variables: built.model.variables.length,
    constraints: built.model.constraints.length,
    components: 1,
    settledBy: { trivial: 0, lp: 0, milp: outcome.path === 'milp' ? 1 : 0, greedy: outcome.path === 'greedy' ? 1 : 0 },
    timings: { buildMs, solveMs },
  };
}

interface Outcome {
  y: number[];
  status: SolverStatus;
  path: 'trivial' | 'lp' | 'milp' | 'greedy';
}

/**
 * Per component: the LP relaxation first (integral means optimal, since the relaxation bounds
 * the MILP from below). The components left over (fractional, or too large for the LP path) go
 * to HiGHS together, as one block-diagonal MILP: each HiGHS call costs tens of milliseconds of
 * set-up whatever its size, so one call beats one per component. If HiGHS has nothing, they
 * get the greedy, flagged. Being disjoint, the blocks' greedy plan is the one each would get alone.
 */
async function solveByComponents(
  problem: PlanningProblem,
  options: SolveOptions,
  lp: SolverPort,
  milp: SolverPort,
  lpMaxVariables: number,
  lpFirst: boolean,
): Promise<ProblemSolution> {
  const position = new Map(problem.pairs.map((pair, at) => [pairKey(pair), at]));
  const y = new Array<number>(problem.pairs.length).fill(0);
  const settledBy = { trivial: 0, lp: 0, milp: 0, greedy: 0 };
  let status: SolverStatus = 'optimal';
  let objective = staleChangeOffset(problem);
  let variables = 0;
  let constraints = 0;
  let buildMs = 0;
  let solveMs = 0;
  let lpAttempts = 0;

  const settle = (part: PlanningProblem, built: PlanningModel, outcome: Outcome, components: number) => {
    settledBy[outcome.path] += components;
    if (RANK[outcome.status] > RANK[status]) status = outcome.status;
    objective += objectiveValue(built.model, completeValues(part, built, outcome.y));
    part.pairs.forEach((pair, at) => {
      y[position.get(pairKey(pair)) as number] = outcome.y[at];
    });
  };

  const buildStart = performance.now();
  const parts = splitComponents(problem);
  buildMs += performance.now() - buildStart;

  const leftOver: PlanningProblem[] = [];
  for (const part of parts) {
    if (part.pairs.length === 0) {
      const built = buildModel(part);
      variables += built.model.variables.length;
      constraints += built.model.constraints.length;
      settle(part, built, { y: [], status: 'optimal', path: 'trivial' }, 1);
      continue;
    }
    const partBuildStart = performance.now();
    const built = buildModel(part);
    buildMs += performance.now() - partBuildStart;
    if (built.model.variables.length > lpMaxVariables || (!lpFirst && weightedRowCanBind(part))) {
      leftOver.push(part);
      continue;
    }
    lpAttempts += 1;
    const partSolveStart = performance.now();
    const y = await integralRelaxation(part, built, lp, options);
    solveMs += performance.now() - partSolveStart;
    if (!y) {
      leftOver.push(part);
      continue;
    }
    // Counted here only when settled: a left-over part is counted once, inside the block.
    variables += built.model.variables.length;
    constraints += built.model.constraints.length;
    settle(part, built, { y, status: 'optimal', path: 'lp' }, 1);
  }

  if (leftOver.length > 0) {
    const blockStart = performance.now();
    const block = mergeComponents(problem, leftOver);
    const built = buildModel(block);
    buildMs += performance.now() - blockStart;
    variables += built.model.variables.length;
    constraints += built.model.constraints.length;
    const blockSolveStart = performance.now();
    const outcome = await solveMilp(block, built, milp, options);
    solveMs += performance.now() - blockSolveStart;
    settle(block, built, outcome, leftOver.length);
  }

  const used = [lpAttempts > 0 ? 'jslp-lp' : '', settledBy.milp > 0 ? 'highs' : '', settledBy.greedy > 0 ? 'greedy' : ''].filter(Boolean);
  return {
    y,
    status,
    engine: `auto(${used.length > 0 ? used.join('+') : 'trivial'})`,
    objective,
    variables,
    constraints,
    components: parts.length,
    settledBy,
    timings: { buildMs, solveMs },
  };
}

/**
 * Without personnel- or aircraft-weighted rows that can bind, the model is network-like and its
 * relaxation integral; with one, the relaxation is often fractional and the LP attempt wasted
 * (measured: a third of the plan time of a binding 16-mission world). Such a component goes to the
 * MILP directly. Only a routing choice: either path is exact.
 */
export function weightedRowCanBind(part: PlanningProblem): boolean {
  const groups = new Map(part.groups.map((g) => [g.groupId, g]));
  const quantity = new Map(part.demands.map((d) => [d.demandId, d.quantity]));
  // A group can lend no more than it has, nor more than the demands it pairs with ask for.
  const askedOf = new Map<string, number>();
  for (const pair of part.pairs) askedOf.set(pair.groupId, (askedOf.get(pair.groupId) ?? 0) + (quantity.get(pair.demandId) ?? 0));
  for (const row of part.shareRows) {
    let bySupply = 0;
    for (const [groupId, coefficient] of Object.entries(row.coefficients)) {
      bySupply += coefficient * Math.min(groups.get(groupId)?.unitIds.length ?? 0, askedOf.get(groupId) ?? 0);
    }
    // ... and the row's groups together lend no more than the demands they reach ask for.
    const heaviestFor = new Map<string, number>();
    for (const pair of part.pairs) {
      const coefficient = row.coefficients[pair.groupId];
      if (coefficient !== undefined) heaviestFor.set(pair.demandId, Math.max(heaviestFor.get(pair.demandId) ?? 0, coefficient));
    }
    let byDemand = 0;
    for (const [demandId, coefficient] of heaviestFor) byDemand += coefficient * (quantity.get(demandId) ?? 0);
    if (Math.min(bySupply, byDemand) > row.limit + FEASIBLE) return true;
  }
  if (part.receivingRows.length === 0) return false;
  const heaviest = new Map<string, { personnel: number; aircraft: number }>();
  for (const pair of part.pairs) {
    const g = groups.get(pair.groupId);
    if (!g) continue;
    const h = heaviest.get(pair.demandId) ?? { personnel: 0, aircraft: 0 };
    heaviest.set(pair.demandId, { personnel: Math.max(h.personnel, g.personnel), aircraft: Math.max(h.aircraft, g.aircraft) });
  }
  for (const row of part.receivingRows) {
    let potential = 0;
    for (const d of row.demandIds) potential += (quantity.get(d) ?? 0) * (heaviest.get(d)?.[row.resource] ?? 0);
    if (potential > row.limit + FEASIBLE) return true;
  }
  return false;
}

/** The y of an LP optimum if it is integral (and feasible once rounded), else undefined. */
async function integralRelaxation(part: PlanningProblem, built: PlanningModel, lp: SolverPort, options: SolveOptions): Promise<number[] | undefined> {
  const relaxation = await lp.solve(built.model, options);
  if (relaxation.status !== 'optimal') return undefined;
  const y = built.vars.y.map((variable) => relaxation.values[variable]);
  if (!y.every((value) => Math.abs(value - Math.round(value)) <= INTEGRAL)) return undefined;
  const rounded = y.map((value) => Math.max(0, Math.round(value)));
  return isFeasible(part, built, rounded) ? rounded : undefined;
}

/** Disjoint components side by side as one problem (its model is block-diagonal). */
function mergeComponents(problem: PlanningProblem, parts: PlanningProblem[]): PlanningProblem {
  if (parts.length === 1) return parts[0];
  return {
    ...problem,
    groups: parts.flatMap((part) => part.groups),
    demands: parts.flatMap((part) => part.demands),
    pairs: parts.flatMap((part) => part.pairs),
    floorRows: parts.flatMap((part) => part.floorRows),
    shareRows: parts.flatMap((part) => part.shareRows),
    receivingRows: parts.flatMap((part) => part.receivingRows),
    exclusions: parts.flatMap((part) => part.exclusions),
    previous: Object.assign({}, ...parts.map((part) => part.previous)) as Record<string, number>,
  };
}

async function solveMilp(problem: PlanningProblem, built: PlanningModel, solver: SolverPort, options: SolveOptions): Promise<Outcome> {
  if (problem.pairs.length === 0) return { y: [], status: 'optimal', path: 'trivial' };
  const result = await solver.solve(built.model, options);
  if (result.status === 'optimal' || result.status === 'time-limit') {
    const y = built.vars.y.map((variable) => Math.max(0, Math.round(result.values[variable])));
    if (isFeasible(problem, built, y)) return { y, status: result.status, path: 'milp' };
  }
  return { y: greedyPlan(problem), status: 'greedy-fallback', path: 'greedy' };
}

/** Full variable vector from y alone: short and drop take their cheapest feasible values. */
export function completeValues(problem: PlanningProblem, built: PlanningModel, y: number[]): number[] {
  const values = new Array<number>(built.model.variables.length).fill(0);
  const covered = new Map<string, number>();
  problem.pairs.forEach((pair, at) => {
    values[built.vars.y[at]] = y[at];
    covered.set(pair.demandId, (covered.get(pair.demandId) ?? 0) + y[at]);
  });
  for (const demand of problem.demands) {
    const variable = built.vars.short.get(demand.demandId);
    if (variable !== undefined) values[variable] = Math.max(0, demand.quantity - (covered.get(demand.demandId) ?? 0));
  }
  for (const [at, variable] of built.vars.drop) {
    values[variable] = Math.max(0, (problem.previous[pairKey(problem.pairs[at])] ?? 0) - y[at]);
  }
  return values;
}

function isFeasible(problem: PlanningProblem, built: PlanningModel, y: number[]): boolean {
  return maxViolation(built.model, completeValues(problem, built, y)) <= FEASIBLE;
}
