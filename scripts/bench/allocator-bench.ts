/**
 * The allocator's own planning path in `npm run bench:plan`, for its memory: a fresh compiled
 * process holds the world as the service does and plans it through PlanWorkerPlanner, the planning
 * worker the allocator starts (auto engine, its world replica and component cache). Nothing else
 * runs in that process: no other engine (the bench's case processes also run HiGHS on the whole
 * problem and greedy, which the allocator never does), so its peak RSS is the allocator's.
 */
import { loadavg } from 'node:os';
import { World } from '@imc/domain';
import { PlanWorkerPlanner } from '@imc/workers';
import { denseWorldEvents } from '@imc/optimizer/testing/dense-world-events';
import { changeADayLater } from './family-bench';
import { peakRssMb } from './report';
import { firstDemand } from './world-events';

export interface AllocatorCase {
  label: string;
  missions: number;
  demands: number;
  seed: number;
}

/** The bench's dense worlds (the same seed as its dense cases), planned the allocator's way. */
export const ALLOCATOR_CASES: AllocatorCase[] = [
  { label: 'allocator 120/300 dense', missions: 120, demands: 300, seed: 12 },
  { label: 'allocator 300/1000 dense', missions: 300, demands: 1000, seed: 12 },
];

export interface AllocatorResult {
  label: string;
  /** Peak RSS at the process's start (node, the compiled code), with the world, and at the end. */
  baselineRssMb: number;
  worldRssMb: number;
  peakRssMb: number;
  first: { ms: number; status: string; engine: string };
  replan: { ms: number; status: string; engine: string };
  loadAverage: number;
}

/**
 * The world is ingested on this thread; the worker plans it (first plan, no previous proposal),
 * the proposal is recorded as published, and after one change a day later the worker re-plans
 * with it as previous, from the update the service would post.
 */
export async function runAllocatorCase(spec: AllocatorCase): Promise<AllocatorResult> {
  const baselineRssMb = peakRssMb();
  const world = World.empty();
  // The events are not kept, as the service keeps none: only the demand the re-plan changes.
  const demand = (() => {
    const events = denseWorldEvents({ missions: spec.missions, demands: spec.demands, seed: spec.seed });
    for (const event of events) world.apply(event);
    return firstDemand(events);
  })();
  const worldRssMb = peakRssMb();
  const planner = new PlanWorkerPlanner('auto');
  try {
    await planner.warmUp('global');
    let started = performance.now();
    const first = await planner.planWorld(world, { scope: 'global', version: 1 });
    const firstMs = performance.now() - started;
    world.recordProposal(first.proposal);
    changeADayLater(world, demand);
    started = performance.now();
    const replan = await planner.planWorld(world, { scope: 'global', version: 2, previous: world.latestProposal });
    const replanMs = performance.now() - started;
    const figures = (ms: number, proposal: typeof first.proposal) => ({ ms, status: proposal.solver.status, engine: proposal.solver.engine });
    return {
      label: spec.label,
      baselineRssMb,
      worldRssMb,
      peakRssMb: peakRssMb(),
      first: figures(firstMs, first.proposal),
      replan: figures(replanMs, replan.proposal),
      loadAverage: loadavg()[0],
    };
  } finally {
    await planner.close();
  }
}

export function allocatorLines(results: AllocatorResult[]): string[] {
  return results.map(
    (r) =>
      `${r.label.padEnd(25)} peak RSS ${r.peakRssMb.toFixed(0)} MB (${r.baselineRssMb.toFixed(0)} MB at start, ${r.worldRssMb.toFixed(0)} MB with the world); ` +
      `first plan ${r.first.ms.toFixed(0)} ms ${r.first.status}, re-plan a day later ${r.replan.ms.toFixed(0)} ms ${r.replan.status} (${r.replan.engine}); load ${r.loadAverage.toFixed(1)}`,
  );
}
