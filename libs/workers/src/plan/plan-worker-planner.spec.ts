import type { Proposal } from '@imc/contracts';
import { World } from '@imc/domain';
import { denseWorldEvents } from '@imc/optimizer/testing/dense-world-events';
import { PLAN_WORKER_WARM_UP, PlanWorkerPlanner } from './plan-worker-planner';

const events = denseWorldEvents({ missions: 16, demands: 20, seed: 7 });

/** A dense 16/20 world without its last event (a new demand a day later). */
function world(): World {
  const w = World.empty();
  for (const event of events.slice(0, -1)) w.apply(event);
  return w;
}

/** The re-plan after the last event, from `previous` as the published proposal. */
async function replan(planner: PlanWorkerPlanner, w: World, previous: Proposal): Promise<Proposal> {
  w.recordProposal(previous);
  w.apply(events[events.length - 1]);
  return (await planner.planWorld(w, { scope: 'global', version: 2, previous: w.latestProposal })).proposal;
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
      // Its world is not the worker's copy, nor its components the cache's: the same optimum as a
      // worker that never warmed up. (Not the same loans: auto gives javascript-lp-solver 10 ms on
      // small parts, so a cold worker under load may settle a tie another way; the re-plans
      // therefore start from one previous proposal.)
      const warmFirst = (await warmed.planWorld(world(), { scope: 'global', version: 1 })).proposal;
      const coldFirst = (await cold.planWorld(world(), { scope: 'global', version: 1 })).proposal;
      const warmSecond = await replan(warmed, world(), warmFirst);
      const coldSecond = await replan(cold, world(), warmFirst);
      for (const [a, b] of [[warmFirst, coldFirst], [warmSecond, coldSecond]]) {
        expect([a.solver.status, b.solver.status]).toEqual(['optimal', 'optimal']);
        expect(a.solver.objective).toBeCloseTo(b.solver.objective, 4);
      }
      // The new demand changes the plan.
      expect(warmSecond.solver.objective).not.toBeCloseTo(warmFirst.solver.objective, 4);
    } finally {
      await warmed.close();
      await cold.close();
    }
  }, 180_000);
});
