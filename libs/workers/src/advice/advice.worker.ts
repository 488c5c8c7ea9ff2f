import { World } from '@imc/domain';
import { planProposal, planVariant } from '@imc/optimizer';
import { serveWorkerTasks } from '@imc/platform/workers/worker-pool';
import type { AdviceTask } from './advice-pool';

/**
 * Worker entry of the advice pool: plans one variant of a world (a snapshot plus a lever's
 * events, or none for the baseline) with the real engine, off the service's event loop.
 */
export default serveWorkerTasks<AdviceTask, unknown>((task) =>
  planVariant(World.fromSnapshot(task.world), task.scope, task.events, (problem, options) => planProposal(problem, { ...options, engine: task.engine })),
);
