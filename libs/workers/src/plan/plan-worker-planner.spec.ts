import { World } from '@imc/domain';
import { denseWorldEvents } from '@imc/optimizer/testing/dense-world-events';
import { PLAN_WORKER_WARM_UP, PlanWorkerPlanner } from './plan-worker-planner';

/** A dense 16/20 world, its first plan, and its re-plan after a new demand a day later. */
async function plans(planner: PlanWorkerPlanner): Promise<string[]> {
  const events = denseWorldEvents({ missions: 16, demands: 20, seed: 7 });
  const world = World.empty();
  for (const event of events.slice(0, -1)) world.apply(event);
  const first = await planner.planWorld(world, { scope: 'global', version: 1 });
  world.recordProposal(first.proposal);
  world.apply(events[events.length - 1]);
  const second = await planner.planWorld(world, { scope: 'global', version: 2, previous: world.latestProposal });
  return [first.fingerprint, second.fingerprint];
}

describe('the planning worker\'s warm-up', () => {
  it('plans its dense world through HiGHS, and leaves no trace in the plans that follow', async () => {
    const warmed = new PlanWorkerPlanner('auto');
    const cold = new PlanWorkerPlanner('auto');
    try {
      const figures = await warmed.warmUp('global');
      // The warm-up's purpose: the largest part goes to HiGHS, whose WebAssembly is then compiled.
      expect(figures.engine).toMatch(/highs/);
      expect(figures.loans).toBeGreaterThan(PLAN_WORKER_WARM_UP.demands / 10);
      // Its world is not the worker's copy, nor its components the cache's: the same plans as a worker that never warmed up.
      const after = await plans(warmed);
      expect(after).toEqual(await plans(cold));
      expect(new Set(after).size).toBe(2);
    } finally {
      await warmed.close();
      await cold.close();
    }
  }, 180_000);
});
