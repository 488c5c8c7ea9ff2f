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

  /** Starts the worker and plans an empty world in it, so the first real plan pays no start-up. */
  async warmUp(scope: string): Promise<void> {
    await this.pool.run({ world: World.empty().planningSnapshot(), scope, version: 0, engine: 'auto' });
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
