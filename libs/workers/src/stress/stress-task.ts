import type { BaselineBatch, BaselineResult, BatchContext, GrantBatch, WorldSnapshot } from '@imc/domain';
import type { Engine } from '@imc/optimizer';

/** One batch of a stress test, as a worker receives it: the world comes along as a snapshot. */
export interface StressTask {
  /** Names the run's world: a worker rebuilds the world from the snapshot only when this changes. */
  worldKey: string;
  world: WorldSnapshot;
  ctx: BatchContext;
  engine?: Engine;
  batch: BaselineBatch | GrantBatch;
}

export type StressTaskOutput = { kind: 'baseline'; result: BaselineResult } | { kind: 'grant'; delta: number };
