/** The worker side of a stress test: plans one batch of samples with the real engine. */
import { runBaselineBatch, runGrantBatch, World, type PlanFn } from '@imc/domain';
import { planProposal } from '@imc/optimizer';
import { serveWorkerTasks } from '@imc/platform/workers/worker-pool';
import type { StressTask, StressTaskOutput } from './stress-task';

// The batches of one run all carry the same world: rebuild it only when the run changes.
let cached: { key: string; world: World } | undefined;

export default serveWorkerTasks<StressTask, StressTaskOutput>(async (task, progress) => {
  if (cached?.key !== task.worldKey) cached = { key: task.worldKey, world: World.fromSnapshot(task.world) };
  const plan: PlanFn = (problem, options) => planProposal(problem, { ...options, engine: task.engine });
  const tick = () => progress(1);
  if (task.batch.kind === 'baseline') return { kind: 'baseline', result: await runBaselineBatch(cached.world, task.ctx, task.batch, plan, tick) };
  return { kind: 'grant', delta: await runGrantBatch(cached.world, task.ctx, task.batch, plan, tick) };
});
