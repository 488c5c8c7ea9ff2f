/**
 * The allocator's planning worker thread: builds the planning problem from its copy of the world
 * and solves it, so that neither blocks the service's event loop (at 120 missions and 300
 * demands of a dense world the build alone takes hundreds of milliseconds and the solve seconds).
 * It keeps its copy of the world (WorldReplica: the service posts only what changed) and the
 * components it solved (ComponentCache: a plan after an event re-solves only the components
 * whose inputs changed).
 */
import type { Proposal } from '@imc/contracts';
import { buildPlanningProblem, proposalFingerprint, World } from '@imc/domain';
import { ComponentCache, highsRuntime, planWithTimings } from '@imc/optimizer';
import { denseWorldEvents } from '@imc/optimizer/testing/dense-world-events';
import { serveWorkerTasks } from '@imc/platform/workers/worker-pool';
import type { PlanTask, PlanTaskResult } from './plan-task';
import { WorldReplica } from './world-sync';

// HiGHS is WebAssembly: compile it while the service is still reading its topics.
void highsRuntime();
const cache = new ComponentCache();
const replica = new WorldReplica();

export default serveWorkerTasks<PlanTask, PlanTaskResult>(async (task) => {
  if (task.warmUp) return warmUp(task);
  // A posted whole world is this thread's own copy (postMessage copied it): no need to copy again.
  const world = task.update ? World.adopt(replica.apply(task.update)) : task.world ? World.adopt(task.world) : World.empty();
  const answer = await plan(world, task, task.previousIsLatest ? world.latestProposal : task.previous, cache);
  // The service's newest proposal will nearly always be this one, parsed: it need not post it back.
  if (task.update) replica.remember(answer.proposalJson);
  return answer;
});

/** Builds the problem of `world` and plans it, with the figures the service logs. */
async function plan(world: World, task: PlanTask, previous: Proposal | undefined, components: ComponentCache): Promise<PlanTaskResult> {
  const buildStart = performance.now();
  const problem = buildPlanningProblem(world, { scope: task.scope, previous });
  const buildMs = performance.now() - buildStart;
  const planStart = performance.now();
  const result = await planWithTimings(problem, { engine: task.engine, scope: task.scope, version: task.version, cache: components });
  return {
    proposalJson: JSON.stringify(result.proposal),
    fingerprint: proposalFingerprint(result.proposal),
    buildMs,
    planMs: performance.now() - planStart,
    components: result.solution.components,
    reused: result.solution.reused ?? 0,
  };
}

/**
 * Plans a generated dense world once, with a cache of its own and without touching the replica:
 * the build, the solvers' paths and HiGHS's WebAssembly run once before the first real plan, which
 * otherwise pays for V8 compiling them (see PlanWorkerPlanner.warmUp).
 */
function warmUp(task: PlanTask): Promise<PlanTaskResult> {
  const world = World.empty();
  for (const event of denseWorldEvents({ ...(task.warmUp as NonNullable<PlanTask['warmUp']>), family: 'base' })) world.apply(event);
  return plan(world, task, undefined, new ComponentCache());
}
