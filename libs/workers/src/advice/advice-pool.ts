import { join } from 'node:path';
import type { CloudEvent, Proposal } from '@imc/contracts';
import type { World, WorldSnapshot } from '@imc/domain';
import type { Engine, VariantRunner } from '@imc/optimizer';
import { WorkerPool } from '@imc/platform/workers/worker-pool';

/** One variant to plan: the world, the events of a lever (none for the baseline), the engine. */
export interface AdviceTask {
  world: WorldSnapshot;
  scope: string;
  events: CloudEvent[];
  engine?: Engine;
}

const ENTRY = join(__dirname, 'advice.worker');

/** A pool of worker threads that plan advice variants (see advice.worker). */
export function adviceWorkerPool(size: number): WorkerPool<AdviceTask, Proposal> {
  return new WorkerPool<AdviceTask, Proposal>(ENTRY, { size });
}

/**
 * computeAdvice's runner on a pool: every variant of one computation plans the same snapshot of
 * the world, taken once; the budget's AbortSignal cancels a variant still queued or running.
 */
export function poolRunner(pool: WorkerPool<AdviceTask, Proposal>, world: World, scope: string, engine?: Engine): VariantRunner {
  const snapshot = world.snapshot();
  return (events, signal) => pool.run({ world: snapshot, scope, events, engine }, { signal });
}
