import type { PlanningProblem } from '@imc/domain/planning-problem';
import type { SolverStatus } from '@imc/contracts';
import { HighsAdapter } from './adapters/highs.adapter';
import { JslpAdapter } from './adapters/jslp.adapter';
import { ComponentCache, componentKey, type SettledComponent } from './component-cache';
import { splitComponents } from './components';
import { LazyRows, rowReach, type RowReach } from './lazy-rows';
import { greedyPlan } from './greedy';
import { maxViolation, objectiveValue } from './linear-model';
import { buildModel, type PlanningModel } from './model-builder';
import { staleChangeOffset } from './objective';
import { previousUnitsOf } from './previous-units';
import { effectiveLimit, pairKey } from './problem-index';
import type { SolveOptions, SolverPort } from './solver.port';

import type { Engine } from './engines';

export type { Engine };

export interface SolveProblemOptions {
  engine?: Engine;
  /**
   * Budget per MILP solver call, default 8 s (DEFAULT_TIME_LIMIT_MS). For auto that is its one HiGHS call; its LP
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
  /**
   * auto only: a component whose weighted row can bind and with at most this many variables tries
   * javascript-lp-solver's own branch and bound first, under jslpMilpBudgetMs; what it does not
   * prove in that time goes to HiGHS. Measured on the dense 16-mission world: it proves such
   * components 3 to 40 times faster than a HiGHS call, whose set-up alone costs tens of ms; above
   * about 150 variables it often runs out of time. Budget 10 ms: over 93 such proofs on four dense
   * 120/300 families the median took 0.5 ms, 90% were within 4.4 ms (95% within 16 ms), while a
   * part it did not prove spent its whole budget before HiGHS, which now proves such a part in 2
   * to 5 ms (at 100 ms, 0.2-0.4 s of a 120/300 plan went that way). 10 ms measured 3-10% faster
   * than 25 ms on 120/300 families and the same at 16/20; without the path (0) 16/20 plans took
   * 2-3 times as long. 0 turns the path off.
   */
  jslpMilpMaxVariables?: number;
  jslpMilpBudgetMs?: number;
  /**
   * auto only: when a part of the pairs alone (before any row joins it) has more pairs than this,
   * every row that can bind is carried from the start instead of being left out and checked.
   * Leaving rows out pays when the parts can be proven; a part this large is not proven within
   * the time limit anyway (300/1000 dense: a 68,000-pair part ran to its limit in each round, and
   * rounds of them took 35 s where one MILP of the whole takes 15 s and gives a better plan).
   */
  lazyRowsMaxPairs?: number;
  /**
   * auto only: a problem of at most this many pairs whose model is within jslpMilpMaxVariables
   * goes whole to javascript-lp-solver's branch and bound first, under jslpMilpBudgetMs; what it
   * does not prove in that time takes the general path (rows left out, parts). On the demo's
   * moments (2 to 15 pairs) the general path's set-up cost more than the solve: auto took 1.14 to
   * 1.24 times as long as javascript-lp-solver alone, and 0.74 to 0.81 times with this path.
   * Default 32 (twice the demo's largest moment; the smallest dense 16/20 world has 218 pairs).
   * 0 turns the path off, as the specs of the general path do.
   */
  wholeMaxPairs?: number;
  /**
   * auto only: components solved by earlier plans, reused where their inputs did not change
   * (incremental re-planning; see ComponentCache). Without it every component is solved.
   */
  cache?: ComponentCache;
  /** Replace the solver adapters (tests, or another MILP solver behind the same port). */
  /**
   * largeLp: auto's LP relaxation for a component above lpMaxVariables (default HiGHS as an LP),
   * tried before its MILP.
   */
  solvers?: { lp?: SolverPort; milp?: SolverPort; smallMilp?: SolverPort; largeLp?: SolverPort };
}

/**
 * Per MILP call. 8 s: the 89,000-pair part of dense 300/1000 is proven optimal in 5.5 to 7 s of
 * HiGHS (7.5 s of auto, 9.3 s with the problem build); at 5 s it stopped with a 2.6% gap and a plan
 * 1.2% dearer than the optimum. No part of the 120/300 worlds comes near either limit.
 */
export const DEFAULT_TIME_LIMIT_MS = 8000;
export const DEFAULT_GAP = 1e-4;
export const DEFAULT_LP_MAX_VARIABLES = 1000;
export const DEFAULT_JSLP_MILP_MAX_VARIABLES = 200;
export const DEFAULT_JSLP_MILP_BUDGET_MS = 10;
export const DEFAULT_WHOLE_MAX_PAIRS = 32;
/** 120/300 dense: the largest part of the pairs has 9,596 pairs and is proven in well under 1 s. */
export const DEFAULT_LAZY_ROWS_MAX_PAIRS = 30_000;
/**
 * auto: rounds of lazy rows start only within this many MILP time limits (see solveByComponents).
 * Two: on 120/300 dense the rounds end in about one; on 300/1000 dense each round's 72,000-pair
 * MILP runs to its limit, and three rounds took 30 s under load where the old single MILP took 11.
 */
const LAZY_ROUNDS_BUDGET = 2;

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
  /**
   * auto only: capacity rows the models carried from the start, rows that cross components and were
   * left out to be checked, rows that cannot bind (never carried), and rows added back because a
   * plan broke them (see LazyRows).
   */
  lazyRows?: { carried: number; deferred: number; redundant: number; added: number };
  /** auto with a cache: components taken unchanged from an earlier plan (also counted in settledBy). */
  reused?: number;
  /**
   * The largest relative gap HiGHS reported between its answer and its proven bound (0 when every
   * part was proven optimal; undefined where nothing says, e.g. greedy alone).
   */
  gap?: number;
  timings: { buildMs: number; solveMs: number };
}

/** Integrality tolerance for accepting an LP relaxation as the integer optimum. */
const INTEGRAL = 1e-9;
/** Row tolerance for accepting a rounded solver answer as feasible. */
const FEASIBLE = 1e-6;

/**
 * javascript-lp-solver keeps a dense tableau, about (rows + bounds) x columns numbers. The engine
 * `jslp` alone is not run on a model larger than this: on dense 120/300 (13,832 variables, 3,762
 * rows, 52 million cells) it ran to its 10 s limit without an integral answer and peaked at 1.6 to
 * 2.4 GB, to end on the greedy plan anyway; on dense 16/20 (107,000 cells) it proves the optimum
 * in tens of milliseconds. Such a model gets the greedy plan at once, flagged as before.
 */
export const JSLP_MAX_TABLEAU_CELLS = 2_000_000;

function jslpTableauCells(built: PlanningModel): number {
  const bounds = built.model.variables.filter((variable) => variable.lower !== 0 || Number.isFinite(variable.upper)).length;
  return (built.model.constraints.length + bounds) * built.model.variables.length;
}

const RANK: Record<SolverStatus, number> = { optimal: 0, 'time-limit': 1, 'greedy-fallback': 2 };

export async function solveProblem(problem: PlanningProblem, options: SolveProblemOptions = {}): Promise<ProblemSolution> {
  const engine = options.engine ?? 'auto';
  const solveOptions: SolveOptions = {
    timeLimitMs: options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
    gap: options.gap ?? DEFAULT_GAP,
  };
  const lp = options.solvers?.lp ?? new JslpAdapter({ relax: true });
  const milp = options.solvers?.milp ?? new HighsAdapter();
  if (engine === 'auto') {
    return solveByComponents(problem, solveOptions, lp, milp, {
      lpMaxVariables: options.lpMaxVariables ?? DEFAULT_LP_MAX_VARIABLES,
      lpFirst: options.lpFirst ?? false,
      smallMilp: options.solvers?.smallMilp ?? new JslpAdapter({ relax: false }),
      largeLp: options.solvers?.largeLp ?? new HighsAdapter({ relax: true }),
      smallMilpMaxVariables: options.jslpMilpMaxVariables ?? DEFAULT_JSLP_MILP_MAX_VARIABLES,
      smallMilpBudgetMs: Math.min(options.jslpMilpBudgetMs ?? DEFAULT_JSLP_MILP_BUDGET_MS, solveOptions.timeLimitMs),
      cache: options.cache,
      lazyRowsMaxPairs: options.lazyRowsMaxPairs ?? DEFAULT_LAZY_ROWS_MAX_PAIRS,
      wholeMaxPairs: options.wholeMaxPairs ?? DEFAULT_WHOLE_MAX_PAIRS,
    });
  }

  const buildStart = performance.now();
  const built = buildModel(problem);
  const buildMs = performance.now() - buildStart;
  const solveStart = performance.now();
  let outcome: Outcome;
  if (engine === 'greedy') {
    outcome = { y: greedyPlan(problem), status: 'greedy-fallback', path: 'greedy' };
  } else if (engine === 'jslp' && jslpTableauCells(built) > JSLP_MAX_TABLEAU_CELLS) {
    // It would not finish (see JSLP_MAX_TABLEAU_CELLS): the greedy plan, flagged, at once.
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
    ...(outcome.gap !== undefined ? { gap: outcome.gap } : {}),
    timings: { buildMs, solveMs },
  };
}

interface Outcome {
  y: number[];
  status: SolverStatus;
  path: 'trivial' | 'lp' | 'milp' | 'greedy';
  gap?: number;
}

interface AutoRouting {
  cache?: ComponentCache;
  lpMaxVariables: number;
  lpFirst: boolean;
  smallMilp: SolverPort;
  largeLp: SolverPort;
  smallMilpMaxVariables: number;
  smallMilpBudgetMs: number;
  lazyRowsMaxPairs: number;
  wholeMaxPairs: number;
}

/**
 * Per component (each is independent, so each is proven on its own):
 * - reused: unchanged since an earlier plan (options.cache): its plan stands as it was;
 * - small with a weighted row that can bind: javascript-lp-solver's branch and bound, briefly;
 * - otherwise within lpMaxVariables: the LP relaxation first (integral means optimal, since the
 *   relaxation bounds the MILP from below);
 * - what is left: HiGHS, one call per component, with no start (see solveMilp). One call
 *   per component (rather than one block of all of them) keeps each
 *   component's answer independent of the others, which is what lets a later plan reuse it; the
 *   small components whose set-up cost made the block worth it now go to javascript-lp-solver.
 * If HiGHS has nothing better than greedy, the greedy plan stands, flagged.
 *
 * Components are those of the pairs and the rows the models carry: the capacity rows that cross
 * components of the pairs are added only once a plan breaks them (LazyRows), and the components
 * they join are then solved again; a part already solved in this call is not solved twice.
 */
async function solveByComponents(
  problem: PlanningProblem,
  options: SolveOptions,
  lp: SolverPort,
  milp: SolverPort,
  routing: AutoRouting,
): Promise<ProblemSolution> {
  const { lpMaxVariables, lpFirst, cache } = routing;
  // Nothing open (most moments of the demo): the empty plan, whose only cost is the previous units
  // it drops, without the rows and parts the general path sets up. That set-up (15-20 us) made
  // auto 1.4-1.7 times as slow as a single engine on such moments of the demo.
  if (problem.pairs.length === 0 && problem.demands.length === 0 && problem.floorRows.length + problem.shareRows.length + problem.receivingRows.length === 0) {
    cache?.nextPlan();
    return {
      y: [],
      status: 'optimal',
      engine: 'auto(trivial)',
      objective: staleChangeOffset(problem),
      variables: 0,
      constraints: 0,
      components: 0,
      settledBy: { trivial: 0, lp: 0, milp: 0, greedy: 0 },
      reused: 0,
      lazyRows: { carried: 0, deferred: 0, redundant: 0, added: 0 },
      timings: { buildMs: 0, solveMs: 0 },
    };
  }
  // A problem small enough for javascript-lp-solver's branch and bound as a whole (the demo's
  // moments): one model, without the rows and parts the general path sets up (see wholeMaxPairs).
  let triedWhole = false;
  if (!lpFirst && problem.pairs.length <= routing.wholeMaxPairs && routing.smallMilpBudgetMs > 0) {
    const whole = await solveSmallWhole(problem, options, routing);
    if (whole !== undefined && whole !== 'not-tried') {
      cache?.nextPlan();
      return whole;
    }
    triedWhole = whole === undefined;
  }
  // Parts hold the problem's own pair objects: their positions by identity, no keys to build.
  const position = new Map(problem.pairs.map((pair, at) => [pair, at]));
  // A whole attempt that was not proven ran all the same: the engine names it.
  const counts = { lp: 0, jslp: triedWhole ? 1 : 0, highsLp: 0, highs: 0, reused: 0 };
  let buildMs = 0;
  let solveMs = 0;

  const solveOne = async (part: PlanningProblem): Promise<{ settled: SettledComponent; reused: boolean }> => {
    const key = cache && part.pairs.length > 0 ? componentKey(part) : undefined;
    const reused = key !== undefined ? cache?.get(key) : undefined;
    if (reused) return { settled: reused, reused: true };
    const partBuildStart = performance.now();
    const built = buildModel(part);
    buildMs += performance.now() - partBuildStart;
    const partSolveStart = performance.now();
    const outcome = await solvePart(part, built, options, lp, milp, routing, lpMaxVariables, lpFirst, counts);
    solveMs += performance.now() - partSolveStart;
    const settled: SettledComponent = {
      y: outcome.y,
      status: outcome.status,
      path: outcome.path,
      ...(outcome.gap !== undefined ? { gap: outcome.gap } : {}),
      objective: objectiveValue(built.model, completeValues(part, built, outcome.y)),
      variables: built.model.variables.length,
      constraints: built.model.constraints.length,
    };
    if (key !== undefined) cache?.set(key, settled);
    return { settled, reused: false };
  };

  const settleGreedy = (part: PlanningProblem): { settled: SettledComponent; reused: boolean } => {
    const built = buildModel(part);
    const greedy = greedyPlan(part);
    const settled: SettledComponent = {
      y: greedy,
      status: part.pairs.length === 0 ? 'optimal' : 'greedy-fallback',
      path: part.pairs.length === 0 ? 'trivial' : 'greedy',
      objective: objectiveValue(built.model, completeValues(part, built, greedy)),
      variables: built.model.variables.length,
      constraints: built.model.constraints.length,
    };
    return { settled, reused: false };
  };

  const buildStart = performance.now();
  const rows = new LazyRows(problem);
  // The parts of the first round; split again only after rows are added.
  let parts = splitComponents(rows.relaxed());
  if (largestPart(parts) > routing.lazyRowsMaxPairs) {
    rows.addAll();
    parts = splitComponents(rows.relaxed());
  }
  buildMs += performance.now() - buildStart;
  cache?.nextPlan();

  // Parts solved in this call, by their demands and carried rows (within one problem that is all
  // a part is): after rows are added only the parts they joined are solved again.
  const solvedHere = new Map<string, { settled: SettledComponent; reused: boolean }>();
  // Each round of added rows re-solves the parts they join; on the largest worlds each such part
  // is a MILP that runs to its time limit. Past this deadline a broken row no longer starts
  // another round: every row left out is added at once, and the parts that changed take the
  // greedy plan (which keeps every row they carry), flagged.
  const deadline = performance.now() + LAZY_ROUNDS_BUDGET * options.timeLimitMs;
  let overDeadline = false;
  let y: number[];
  let final: { part: PlanningProblem; settled: SettledComponent; reused: boolean }[];
  for (;;) {
    final = [];
    y = new Array<number>(problem.pairs.length).fill(0);
    for (const part of parts) {
      const identity = partIdentity(part);
      let done = solvedHere.get(identity);
      if (!done) {
        done = overDeadline ? settleGreedy(part) : await solveOne(part);
        solvedHere.set(identity, done);
      }
      final.push({ part, ...done });
      part.pairs.forEach((pair, at) => {
        y[position.get(pair) as number] = done.settled.y[at];
      });
    }
    if (overDeadline || rows.addBrokenBy(y) === 0) break;
    if (performance.now() > deadline) {
      overDeadline = true;
      rows.addAll();
    }
    const splitStart = performance.now();
    parts = splitComponents(rows.relaxed());
    buildMs += performance.now() - splitStart;
  }

  const settledBy = { trivial: 0, lp: 0, milp: 0, greedy: 0 };
  let status: SolverStatus = 'optimal';
  let objective = staleChangeOffset(problem);
  let variables = 0;
  // The rows only checked count as rows of the problem: they hold in the answer.
  let constraints = rows.uncarried;
  let gap: number | undefined;
  for (const { settled, reused } of final) {
    if (reused) counts.reused += 1;
    settledBy[settled.path] += 1;
    if (RANK[settled.status] > RANK[status]) status = settled.status;
    if (settled.gap !== undefined) gap = Math.max(gap ?? 0, settled.gap);
    objective += settled.objective;
    variables += settled.variables;
    constraints += settled.constraints;
  }

  const used = [counts.lp > 0 ? 'jslp-lp' : '', counts.jslp > 0 ? 'jslp' : '', counts.highsLp > 0 ? 'highs-lp' : '', counts.highs > 0 ? 'highs' : '', settledBy.greedy > 0 ? 'greedy' : ''].filter(Boolean);
  return {
    y,
    status,
    engine: `auto(${used.length > 0 ? used.join('+') : counts.reused > 0 ? 'reused' : 'trivial'})`,
    objective,
    variables,
    constraints,
    components: final.length,
    settledBy,
    reused: counts.reused,
    lazyRows: { ...rows.counts },
    ...(gap !== undefined ? { gap } : {}),
    timings: { buildMs, solveMs },
  };
}

/**
 * The whole problem through javascript-lp-solver's branch and bound, within its short budget, when
 * its model is within smallMilpMaxVariables. Otherwise the general path takes over: `not-tried`
 * when no solver ran (the model is larger, or the empty plan breaks a row), undefined when the
 * whole was not proven in the budget.
 */
async function solveSmallWhole(problem: PlanningProblem, options: SolveOptions, routing: AutoRouting): Promise<ProblemSolution | 'not-tried' | undefined> {
  const buildStart = performance.now();
  const built = buildModel(problem);
  const buildMs = performance.now() - buildStart;
  if (built.model.variables.length > routing.smallMilpMaxVariables) return 'not-tried';
  const solveStart = performance.now();
  // Demands no group can serve, and nothing else: every demand short, no solver to ask.
  const trivial = problem.pairs.length === 0;
  const y = trivial ? [] : await smallBranchAndBound(problem, built, options, routing);
  if (!y) return undefined;
  const values = completeValues(problem, built, y);
  // Only the empty plan is left to check: a solver's answer was checked against every row.
  if (trivial && maxViolation(built.model, values) > FEASIBLE) return 'not-tried';
  const solveMs = performance.now() - solveStart;
  const rows = problem.floorRows.length + problem.shareRows.length + problem.receivingRows.length;
  return {
    y,
    status: 'optimal',
    engine: trivial ? 'auto(trivial)' : 'auto(jslp)',
    objective: objectiveValue(built.model, values),
    variables: built.model.variables.length,
    constraints: built.model.constraints.length,
    components: 1,
    settledBy: { trivial: trivial ? 1 : 0, lp: 0, milp: trivial ? 0 : 1, greedy: 0 },
    reused: 0,
    lazyRows: { carried: rows, deferred: 0, redundant: 0, added: 0 },
    timings: { buildMs, solveMs },
  };
}

/**
 * javascript-lp-solver's branch and bound within its short budget (jslpMilpBudgetMs): y where it
 * proves an optimum that keeps every row once rounded, else undefined.
 */
async function smallBranchAndBound(part: PlanningProblem, built: PlanningModel, options: SolveOptions, routing: AutoRouting): Promise<number[] | undefined> {
  const result = await routing.smallMilp.solve(built.model, { ...options, timeLimitMs: routing.smallMilpBudgetMs });
  if (result.status !== 'optimal') return undefined;
  const y = built.vars.y.map((variable) => Math.max(0, Math.round(result.values[variable])));
  return isFeasible(part, built, y) ? y : undefined;
}

function largestPart(parts: PlanningProblem[]): number {
  return parts.reduce((largest, part) => Math.max(largest, part.pairs.length), 0);
}

/** Within one problem, a part is fixed by its demands and the rows it carries. */
function partIdentity(part: PlanningProblem): string {
  return [
    part.demands.map((d) => d.demandId).join(','),
    part.floorRows.map((r) => r.rowId).join(','),
    part.shareRows.map((r) => r.rowId).join(','),
    part.receivingRows.map((r) => r.rowId).join(','),
  ].join('\n');
}

/** One component that was not reused, by the routing rules of solveByComponents. */
async function solvePart(
  part: PlanningProblem,
  built: PlanningModel,
  options: SolveOptions,
  lp: SolverPort,
  milp: SolverPort,
  routing: AutoRouting,
  lpMaxVariables: number,
  lpFirst: boolean,
  counts: { lp: number; jslp: number; highsLp: number; highs: number },
): Promise<Outcome> {
  if (part.pairs.length === 0) return { y: [], status: 'optimal', path: 'trivial' };
  const size = built.model.variables.length;
  const reach = rowReach(part);
  const binds = !lpFirst && weightedRowCanBind(part, reach);
  if (binds && size <= routing.smallMilpMaxVariables && routing.smallMilpBudgetMs > 0) {
    // Small and likely fractional: javascript-lp-solver's branch and bound, briefly (see jslpMilpMaxVariables).
    counts.jslp += 1;
    const y = await smallBranchAndBound(part, built, options, routing);
    if (y) return { y, status: 'optimal', path: 'milp' };
  } else if (size <= lpMaxVariables && !binds) {
    counts.lp += 1;
    const y = await integralRelaxation(part, built, lp, options);
    if (y) return { y, status: 'optimal', path: 'lp' };
  } else if (size > lpMaxVariables && fractionalRowsThatCanBind(part, reach) <= 1) {
    // Too large for javascript-lp-solver's dense tableau, and the MILP costs ten times its LP:
    // the large components of dense worlds mostly carry unit-coefficient rows, which keep it integral.
    counts.highsLp += 1;
    const y = await integralRelaxation(part, built, routing.largeLp, options);
    if (y) return { y, status: 'optimal', path: 'lp' };
  }
  counts.highs += 1;
  return solveMilp(part, built, milp, options, { start: false });
}

/**
 * Without personnel- or aircraft-weighted rows that can bind, the model is network-like and its
 * relaxation integral; with one, the relaxation is often fractional and the LP attempt wasted
 * (measured: a third of the plan time of a binding 16-mission world). Such a component goes to the
 * MILP directly. Only a routing choice: either path is exact.
 */
export function weightedRowCanBind(part: PlanningProblem, reach: RowReach = rowReach(part)): boolean {
  // A group lends no more than it has, nor more than the demands it pairs with ask for, and a
  // row's demands take no more than they ask for (rowReach): a row those bounds keep within its
  // limit cannot bind.
  return part.shareRows.some((row) => reach.capacityPotential(row) > row.limit + FEASIBLE) || part.receivingRows.some((row) => reach.receivingPotential(row) > row.limit + FEASIBLE);
}

/**
 * Personnel-weighted rows (share on loan, personnel receiving capacity) that can bind: with
 * several of them a large part's LP came back fractional every time it was measured (120/300 and
 * 300/1000 dense, the parts joined by added rows), at up to 6 s for the LP alone on a
 * 68,000-pair part; with at most one it came back integral. Aircraft rows weigh every aircraft 1.
 * Only a routing choice: either path is exact.
 */
function fractionalRowsThatCanBind(part: PlanningProblem, reach: RowReach): number {
  let count = 0;
  for (const row of part.shareRows) if (reach.capacityPotential(row) > effectiveLimit(row.limit) + FEASIBLE) count += 1;
  for (const row of part.receivingRows) if (row.resource === 'personnel' && reach.receivingPotential(row) > effectiveLimit(row.limit) + FEASIBLE) count += 1;
  return count;
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

/**
 * The MILP. With `start` it starts from the better of the greedy plan and the previous proposal,
 * so that the solver has an incumbent from its first node; the engine `highs` (the whole problem
 * as one MILP) gives one. auto gives none, at any size: on a part HiGHS proves, a good start made
 * it fix columns by reduced cost at the root and restart its presolve. Measured: a 28,430-pair part
 * of dense 120/300 1.27 s without a start, 2.0 s from its optimum; dense 300/1000's 89,214-pair
 * part, re-planned with its own optimum as the previous proposal, 6.1 s and proven without a start,
 * stopped by the 8 s limit with one (the same from greedy's start on a first plan: 6.5-6.7 s).
 * Either way the answer is never worse than greedy's: if the solver has nothing better, or nothing
 * feasible, the greedy plan stands, flagged.
 */
async function solveMilp(problem: PlanningProblem, built: PlanningModel, solver: SolverPort, options: SolveOptions, how: { start: boolean } = { start: true }): Promise<Outcome> {
  if (problem.pairs.length === 0) return { y: [], status: 'optimal', path: 'trivial' };
  const greedy = greedyPlan(problem);
  const greedyValues = completeValues(problem, built, greedy);
  const start = how.start ? startingPoint(problem, built, greedyValues) : undefined;
  const result = await solver.solve(built.model, { ...options, ...(start ? { start } : {}) });
  if (result.status === 'optimal' || result.status === 'time-limit') {
    const y = built.vars.y.map((variable) => Math.max(0, Math.round(result.values[variable])));
    const values = completeValues(problem, built, y);
    const better = objectiveValue(built.model, values) <= objectiveValue(built.model, greedyValues) + FEASIBLE;
    if (maxViolation(built.model, values) <= FEASIBLE && (result.status === 'optimal' || better)) {
      return { y, status: result.status, path: 'milp', ...(result.gap !== undefined ? { gap: result.gap } : {}) };
    }
  }
  return { y: greedy, status: 'greedy-fallback', path: 'greedy' };
}

/**
 * Where the MILP starts: the previous proposal's units where they are still a feasible plan and a
 * better one than greedy's (after a small change the previous plan is usually close to the new
 * optimum, so the search starts near its end), else greedy's.
 */
function startingPoint(problem: PlanningProblem, built: PlanningModel, greedyValues: number[]): number[] {
  const previousOf = previousUnitsOf(problem);
  const previous = problem.pairs.map((pair) => previousOf(pair) ?? 0);
  if (!previous.some((units) => units > 0)) return greedyValues;
  const values = completeValues(problem, built, previous);
  if (maxViolation(built.model, values) > FEASIBLE) return greedyValues;
  return objectiveValue(built.model, values) < objectiveValue(built.model, greedyValues) ? values : greedyValues;
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
