import { join } from 'node:path';
import { parseProposalJson, type Proposal } from '@imc/contracts';
import { World, type FingerprintedProposal, type Planner, type PlanRequest } from '@imc/domain';
import type { Engine } from '@imc/optimizer';
import { WorkerPool } from '@imc/platform/workers/worker-pool';
import type { PlanTask, PlanTaskResult } from './plan-task';
import { RESYNC, WorldSender } from './world-sync';

/**
 * The planning worker's young generation (V8's nursery, where a plan's short-lived objects are
 * born): 192 MB instead of Node's 48. A build of a dense 120/300 problem allocates some 80 MB that
 * dies within the plan; in Node's nursery much of it lived long enough to be copied to the old
 * generation and collected there again. Measured in this worker, 13 re-plans each a minute after
 * the last, medians, the two settings in turns: build 180-212 -> 158-172 ms, the whole re-plan
 * 713-825 -> 651-715 ms; 96 MB gained nothing, 384 MB no more than 192. The cost is memory: the
 * process's peak RSS 456-494 -> 473-560 MB.
 */
export const PLAN_WORKER_YOUNG_GENERATION_MB = 192;

/**
 * The world the planning worker plans as it starts (PlanWorkerPlanner.warmUp): a dense world of
 * the bench's base family, large enough that its largest part goes to HiGHS. A first plan in a
 * fresh worker otherwise runs on code V8 has not compiled yet. Dense 120/300 (seed 12), each case
 * a fresh process, first plan after a warm-up of an empty world -> of this world: base 1,499-1,537
 * -> 761-842 ms, long-reach 2,427 -> 1,627, pending-consents 1,661 -> 921; the re-plan after it
 * was 752-837 ms either way. 20/50 gained less (1,362-1,399 ms at base), 40/100 965-1,020 ms. The
 * warm-up itself takes 1.1-1.3 s of the worker, while the allocator reads its topics.
 */
export const PLAN_WORKER_WARM_UP = { missions: 60, demands: 150, seed: 1 };

/** What the warm-up took (the worker's start included) and how its world was planned. */
export interface WarmUpFigures {
  ms: number;
  engine: string;
  loans: number;
}

/** The allocator's planning worker (one thread), as PlanWorkerPlanner starts it; also for the benchmark. */
export function createPlanPool(): WorkerPool<PlanTask, PlanTaskResult> {
  return new WorkerPool<PlanTask, PlanTaskResult>(join(__dirname, 'plan.worker'), { size: 1, resourceLimits: { maxYoungGenerationSizeMb: PLAN_WORKER_YOUNG_GENERATION_MB } });
}

/**
 * The allocator's Planner: plans run in one worker thread (problem build and solve), so that the
 * event loop keeps consuming, answering health checks and publishing while a plan of seconds runs.
 * One worker, because plans run one at a time and the worker keeps the components it solved for
 * the next plan. Only what changed since the last plan is posted (see world-sync.ts).
 */
export class PlanWorkerPlanner implements Planner {
  private readonly pool = createPlanPool();
  /** The last plan's figures from the worker, for the log line. */
  lastPlan: Omit<PlanTaskResult, 'proposalJson' | 'fingerprint'> | undefined;
  /** What the worker's copy of the world last received. */
  private readonly worldSender = new WorldSender();
  /** The proposal of the worker's last plan, as parsed here: once accepted, the world's newest. */
  private lastWorkerProposal: Proposal | undefined;

  constructor(private readonly engine: Engine) {}

  /**
   * Starts the worker and plans a generated dense world in it (PLAN_WORKER_WARM_UP), so that the
   * first real plan pays neither the start-up nor V8 compiling the build, the solvers and HiGHS.
   */
  async warmUp(scope: string): Promise<WarmUpFigures> {
    const started = performance.now();
    const result = await this.pool.run({ warmUp: PLAN_WORKER_WARM_UP, scope, version: 0, engine: 'auto' });
    const read = parseProposalJson(result.proposalJson);
    return { ms: Math.round(performance.now() - started), engine: read.ok ? read.proposal.solver.engine : 'unknown', loans: read.ok ? read.proposal.loans.length : 0 };
  }

  async planWorld(world: World, request: PlanRequest): Promise<FingerprintedProposal> {
    const { proposalJson, fingerprint, ...figures } = await this.post(world, request);
    this.lastPlan = figures;
    const read = parseProposalJson(proposalJson);
    if (!read.ok) throw new Error(`the planning worker answered with no proposal: ${read.reason}`);
    this.lastWorkerProposal = read.proposal;
    return { proposal: read.proposal, fingerprint };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /** Posted at once: plans run one at a time, so the worker is free. */
  private async post(world: World, request: PlanRequest): Promise<PlanTaskResult> {
    const once = (): Promise<PlanTaskResult> => {
      const snapshot = world.planningSnapshot();
      // The previous proposal is nearly always the world's latest, which the worker's copy holds.
      const previousIsLatest = request.previous !== undefined && request.previous === snapshot.latestProposal;
      return this.pool.run({ update: this.worldSender.update(snapshot, this.lastWorkerProposal), scope: request.scope, version: request.version, engine: this.engine, ...(previousIsLatest ? { previousIsLatest } : { previous: request.previous }) });
    };
    try {
      return await once();
    } catch (error) {
      // The worker's copy is unknown now (a new worker holds none): the next post is whole.
      this.worldSender.reset();
      this.lastWorkerProposal = undefined;
      if (error instanceof Error && error.message === RESYNC) return once();
      throw error;
    }
  }
}
