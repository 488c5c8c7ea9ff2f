import type { StressReport } from '@imc/contracts';
import type { PlanFn } from '../planning-session';
import type { World } from '../world.state';
import type { CrisisModel } from './crisis-model';
import { sampleCrises } from './sample-crises';
import { grantTouches, planSample, sampleOutcome, type ConsentKey } from './stress-sample';
import { addSample, emptyTally, mergeTallies, preClearanceCandidates, tallyReport, type StressTally } from './stress-tally';

export interface StressParams {
  samples: number;
  seed: number;
  horizonDays: number;
  model: CrisisModel;
}

/** Samples per batch: fixed, so the batches (and the order their tallies merge in) never depend on the workers. */
export const BATCH_SIZE = 20;
/** Consents re-run for the pre-clearance list at most (see preClearanceCandidates). */
export const DEFAULT_MAX_CANDIDATES = 20;
export const DEFAULT_HORIZON_DAYS = 90;

/** What a batch needs besides the world: the run's parameters and where crises may strike. */
export interface BatchContext {
  params: StressParams;
  asOf: string;
  /** Where a sampled crisis may strike (see crisisMissions), sorted. */
  targets: readonly string[];
  /** Every mission of the world, each a line of the report. */
  missions: readonly string[];
}

export interface BaselineBatch {
  kind: 'baseline';
  from: number;
  /** Exclusive. */
  to: number;
}

export interface BaselineResult {
  tally: StressTally;
  /**
   * (v3) The batch that starts at sample 0 also plans the world as it is, with no sampled crisis:
   * today's shortfall per mission (milli-units, missions with none left out).
   */
  today?: Record<string, number>;
  /** Per sample of the batch, in order: its total shortfall (milli) and the consents a grant of which would change it. */
  totals: number[];
  touched: ConsentKey[][];
}

export interface GrantBatch {
  kind: 'grant';
  key: ConsentKey;
  indexes: number[];
  /** The total shortfall of each of those samples as it is (from the baseline pass). */
  totals: number[];
}

/**
 * The context of a run on this world: where crises may strike (the model's list, every mission
 * of it known to the world, else every mission), or the model's missions the world does not know.
 */
export function batchContext(world: World, params: StressParams): { ctx: BatchContext } | { unknownMissions: string[] } {
  const missions = world.missions().map((m) => m.missionId).sort();
  const unknown = (params.model.missions ?? []).filter((m) => !missions.includes(m));
  if (unknown.length > 0) return { unknownMissions: unknown };
  const targets = params.model.missions ? [...params.model.missions].sort() : missions;
  return { ctx: { params, asOf: world.asOf ?? new Date(0).toISOString(), targets, missions } };
}

/** Plans samples [from, to) as they are. `progress` is called after each sample. */
export async function runBaselineBatch(base: World, ctx: BatchContext, batch: BaselineBatch, plan: PlanFn, progress: () => void = () => undefined): Promise<BaselineResult> {
  const tally = emptyTally();
  const totals: number[] = [];
  const touched: ConsentKey[][] = [];
  for (let index = batch.from; index < batch.to; index++) {
    const events = sampleCrises(ctx.params.model, { seed: ctx.params.seed, index, asOf: ctx.asOf, horizonDays: ctx.params.horizonDays, missions: ctx.targets });
    const { problem, proposal, world } = await planSample(base, events, plan);
    const outcome = sampleOutcome(problem, proposal, world);
    addSample(tally, outcome);
    totals.push(outcome.total);
    touched.push(outcome.touched);
    progress();
  }
  if (batch.from !== 0) return { tally, totals, touched };
  const today = await planSample(base, [], plan);
  return { tally, totals, touched, today: sampleOutcome(today.problem, today.proposal).shortfall };
}

/** Re-plans the given samples with one consent or bundle granted; the sum of (granted - as is) total shortfall, milli. */
export async function runGrantBatch(base: World, ctx: BatchContext, batch: GrantBatch, plan: PlanFn, progress: () => void = () => undefined): Promise<number> {
  let delta = 0;
  for (let i = 0; i < batch.indexes.length; i++) {
    const index = batch.indexes[i];
    const events = sampleCrises(ctx.params.model, { seed: ctx.params.seed, index, asOf: ctx.asOf, horizonDays: ctx.params.horizonDays, missions: ctx.targets });
    const { problem, proposal } = await planSample(base, events, plan, batch.key);
    delta += sampleOutcome(problem, proposal).total - batch.totals[i];
    progress();
  }
  return delta;
}

/** Runs batches somewhere: in this thread, or on a pool of worker threads. */
export interface BatchRunner {
  baseline(batch: BaselineBatch, progress: (samples: number) => void): Promise<BaselineResult>;
  grant(batch: GrantBatch, progress: (samples: number) => void): Promise<number>;
}

export interface StressProgress {
  /** Sample plans done, re-runs included. */
  done: number;
  /** N at first; once the first pass knows how many re-runs the pre-clearance list needs, N plus those. */
  total: number;
  phase: 'samples' | 'pre-clearance';
}

export interface RunStressOptions {
  maxCandidates?: number;
  onProgress?: (p: StressProgress) => void;
}

/**
 * The whole stress test over a runner: every sample planned as it is (in batches of BATCH_SIZE,
 * all queued at once, merged in batch order; the first batch also plans today's world, with no
 * sampled crisis), then the pre-clearance candidates (v3: bundles), each re-run on the samples it
 * touches with every consent of the bundle granted. The report is a function of the world, the
 * parameters and the seed only.
 */
export async function runStressTest(ctx: BatchContext, runner: BatchRunner, options: RunStressOptions = {}): Promise<StressReport> {
  const { params } = ctx;
  const progress: StressProgress = { done: 0, total: params.samples, phase: 'samples' };
  const report = () => options.onProgress?.({ ...progress });
  const step = (samples: number) => {
    progress.done += samples;
    report();
  };
  report();

  const batches: BaselineBatch[] = [];
  for (let from = 0; from < params.samples; from += BATCH_SIZE) batches.push({ kind: 'baseline', from, to: Math.min(params.samples, from + BATCH_SIZE) });
  const results = await Promise.all(batches.map((b) => runner.baseline(b, step)));
  let tally = emptyTally();
  const totals: number[] = [];
  const touched: ConsentKey[][] = [];
  let today: Record<string, number> = {};
  for (const r of results) {
    tally = mergeTallies(tally, r.tally);
    totals.push(...r.totals);
    touched.push(...r.touched);
    if (r.today) today = r.today;
  }

  const candidates = preClearanceCandidates(tally, options.maxCandidates ?? DEFAULT_MAX_CANDIDATES);
  const grants: GrantBatch[] = [];
  for (const key of candidates) {
    const indexes = touched.flatMap((keys, index) => (grantTouches(key, keys) ? [index] : []));
    for (let at = 0; at < indexes.length; at += BATCH_SIZE) {
      const chunk = indexes.slice(at, at + BATCH_SIZE);
      grants.push({ kind: 'grant', key, indexes: chunk, totals: chunk.map((i) => totals[i]) });
    }
  }
  progress.total += grants.reduce((sum, g) => sum + g.indexes.length, 0);
  progress.phase = 'pre-clearance';
  report();
  const deltas = await Promise.all(grants.map((g) => runner.grant(g, step)));
  const grantDeltas: Record<ConsentKey, number> = Object.fromEntries(candidates.map((key) => [key, 0]));
  grants.forEach((g, i) => {
    grantDeltas[g.key] += deltas[i];
  });
  return tallyReport(tally, { seed: params.seed, asOf: ctx.asOf, horizonDays: params.horizonDays, missions: ctx.missions, grantDeltas, today });
}

/** A runner in this thread, for tests and small runs: the same batches, one after another. */
export function inThreadRunner(base: World, ctx: BatchContext, plan: PlanFn): BatchRunner {
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work);
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    baseline: (batch, progress) => serial(() => runBaselineBatch(base, ctx, batch, plan, () => progress(1))),
    grant: (batch, progress) => serial(() => runGrantBatch(base, ctx, batch, plan, () => progress(1))),
  };
}
