import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { StressReport } from '@imc/contracts';
import { runStressTest, type BatchContext, type BatchRunner, type StressProgress, type World } from '@imc/domain';
import type { Engine } from '@imc/optimizer';
import { WorkerPool } from '@imc/platform/workers/worker-pool';
import type { StressTask, StressTaskOutput } from './stress-task';

export type StressPool = WorkerPool<StressTask, StressTaskOutput>;

/** A pool of `size` worker threads that plan stress-test batches. */
export function createStressPool(size: number): StressPool {
  return new WorkerPool<StressTask, StressTaskOutput>(join(__dirname, 'stress.worker'), { size });
}

export interface PoolRunOptions {
  engine?: Engine;
  maxCandidates?: number;
  onProgress?: (p: StressProgress) => void;
  /** Aborting drops the queued batches and stops the running ones (their workers are replaced). */
  signal?: AbortSignal;
}

/**
 * Runs a stress test on a pool: the world is sent to the workers as a snapshot with each batch
 * (a copy without its event history, see World.forPlanning), so the caller's event loop only
 * merges results. The report is the same whatever the pool's size.
 */
export async function runStressOnPool(pool: StressPool, world: World, ctx: BatchContext, options: PoolRunOptions = {}): Promise<StressReport> {
  const snapshot = world.forPlanning().snapshot();
  const worldKey = randomUUID();
  const send = async (batch: StressTask['batch'], progress: (samples: number) => void): Promise<StressTaskOutput> =>
    pool.run({ worldKey, world: snapshot, ctx, engine: options.engine, batch }, { signal: options.signal, onProgress: (v) => progress(typeof v === 'number' ? v : 0) });
  const runner: BatchRunner = {
    baseline: async (batch, progress) => {
      const out = await send(batch, progress);
      if (out.kind !== 'baseline') throw new Error('a baseline batch came back as a grant batch');
      return out.result;
    },
    grant: async (batch, progress) => {
      const out = await send(batch, progress);
      if (out.kind !== 'grant') throw new Error('a grant batch came back as a baseline batch');
      return out.delta;
    },
  };
  return runStressTest(ctx, runner, { maxCandidates: options.maxCandidates, onProgress: options.onProgress });
}
