import type { CloudEvent, Demand, Unit } from '@imc/contracts';
import { buildPlanningProblem, World } from '@imc/domain';
import type { PlanningProblem } from '@imc/domain/planning-problem';
import { ComponentCache, planWithTimings, solveProblem, type ProblemSolution } from '@imc/optimizer';
import { prng } from '@imc/optimizer/testing/random-problem';
import { WorldReplica, WorldSender } from '@imc/workers';
import { denseWorldEvents, type DenseFamily } from '@imc/optimizer/testing/dense-world-events';
import { changeADayLater } from './family-bench';
import { firstDemand } from './world-events';

/**
 * The dense family (dozens of units per mission, shares and receiving capacity that bind), small
 * enough for HiGHS to prove every plan: the property the sparse random problems check in
 * libs/optimizer, and incremental re-planning against a full re-plan after each change (half the
 * changes an hour later, which moves "now": every pair is re-dated and re-costed), planned from a
 * copy of the world kept as the allocator's worker keeps it (only what changed is posted).
 * DENSE_PROPERTY_WORLDS=40 for a deeper run.
 */
const WORLDS = Number(process.env.DENSE_PROPERTY_WORLDS ?? 6);
/** Budgets no run reaches, so that no answer depends on the machine's speed. */
const UNHURRIED = { timeLimitMs: 60_000, jslpMilpBudgetMs: 60_000 };

function denseWorld(seed: number, missions: number, demands: number, family?: DenseFamily): { world: World; events: CloudEvent[] } {
  const events = denseWorldEvents({ missions, demands, seed, family });
  const world = World.empty();
  for (const event of events) world.apply(event);
  return { world, events };
}

/** One change of the kind the allocator sees: a demand's quantity, a unit into maintenance, a new demand, a clock tick. */
function change(events: CloudEvent[], world: World, random: () => number, step: number): CloudEvent {
  const time = new Date(Date.parse(world.asOf ?? '2012-01-01T00:00:00Z') + (random() < 0.5 ? 0 : 3_600_000)).toISOString();
  const base = { specversion: '1.0' as const, id: `change-${step}`, source: '/property', time };
  const demands = events.filter((e) => e.type === 'imc.demand.raised').map((e) => e.data as Demand);
  const units = world.units().filter((unit) => unit.status === 'available');
  const roll = random();
  // Only time moves: every pair is re-dated, nothing else changes.
  if (roll < 0.1) return { ...base, time: new Date(Date.parse(time) + 86_400_000).toISOString(), type: 'imc.clock.ticked', data: {} };
  if (roll < 0.4) {
    const demand = demands[Math.floor(random() * demands.length)];
    return { ...base, type: 'imc.demand.raised', data: { ...demand, quantity: 1 + Math.floor(random() * 4), version: 100 + step } };
  }
  if (roll < 0.7) {
    const unit: Unit = units[Math.floor(random() * units.length)];
    return { ...base, type: 'imc.unit.upserted', data: { ...unit, status: 'maintenance', version: unit.version + 100 + step } };
  }
  const template = demands[Math.floor(random() * demands.length)];
  return { ...base, type: 'imc.demand.raised', data: { ...template, demandId: `NEW-${step}`, quantity: 2, version: 1 } };
}

describe('property: dense worlds', () => {
  it(`auto is the HiGHS optimum (within the gap) and never worse than greedy, on ${WORLDS} dense 16-mission worlds`, async () => {
    const failures: string[] = [];
    let rowsAdded = 0;
    for (let at = 0; at < WORLDS; at += 1) {
      const { world } = denseWorld(500 + at, 16, 20);
      const problem = buildPlanningProblem(world);
      const { solution: auto } = await planWithTimings(problem, { engine: 'auto', version: 1 });
      const reference = await solveProblem(problem, { engine: 'highs', gap: 0, timeLimitMs: 60_000 });
      const greedy = await solveProblem(problem, { engine: 'greedy' });
      const gap = 1e-4 * Math.max(1, Math.abs(reference.objective));
      rowsAdded += auto.lazyRows?.added ?? 0;
      if (reference.status !== 'optimal') failures.push(`#${at}: the reference is ${reference.status}`);
      if (auto.status !== 'optimal') failures.push(`#${at}: auto ${auto.status}`);
      if (auto.objective > reference.objective + gap) failures.push(`#${at}: auto ${auto.objective} vs HiGHS ${reference.objective}`);
      if (auto.objective > greedy.objective + 1e-6) failures.push(`#${at}: auto ${auto.objective} worse than greedy ${greedy.objective}`);
      if (problem.shareRows.length === 0 || problem.receivingRows.length === 0) failures.push(`#${at}: not dense (no share or receiving rows)`);
    }
    expect(failures).toEqual([]);
    // Rows crossing components were left out of the models, broken, and added back (LazyRows).
    expect(rowsAdded).toBeGreaterThan(0);
    process.stdout.write(`dense property: ${rowsAdded} left-out rows added back over ${WORLDS} worlds\n`);
  }, 600_000);

  it(`a re-plan a day later, with the first plan as previous and one demand changed, is the HiGHS optimum on ${WORLDS} dense 16-mission worlds`, async () => {
    const failures: string[] = [];
    let previousUnits = 0;
    for (let at = 0; at < WORLDS; at += 1) {
      const { world, events } = denseWorld(500 + at, 16, 20);
      const { proposal } = await planWithTimings(buildPlanningProblem(world), { engine: 'auto', version: 1 });
      const time = new Date(Date.parse(world.asOf ?? '') + 86_400_000).toISOString();
      const demand = events.filter((e) => e.type === 'imc.demand.raised').map((e) => e.data as Demand)[at % 3];
      world.apply({ specversion: '1.0', id: `replan-${at}`, source: '/property', time, type: 'imc.demand.raised', data: { ...demand, quantity: demand.quantity + 1, version: demand.version + 1 } });
      world.apply({ specversion: '1.0', id: `replan-clock-${at}`, source: '/property', time, type: 'imc.clock.ticked', subject: 'clock', data: {} });
      const problem = buildPlanningProblem(world, { previous: proposal });
      previousUnits += Object.values(problem.previous).reduce((sum, units) => sum + units, 0);
      if (problem.asOf === proposal.asOf) failures.push(`#${at}: the clock did not move`);
      const { solution: auto } = await planWithTimings(problem, { engine: 'auto', version: 2 });
      const reference = await solveProblem(problem, { engine: 'highs', gap: 0, timeLimitMs: 60_000 });
      const greedy = await solveProblem(problem, { engine: 'greedy' });
      const gap = 1e-4 * Math.max(1, Math.abs(reference.objective));
      if (reference.status !== 'optimal') failures.push(`#${at}: the reference is ${reference.status}`);
      if (auto.status !== 'optimal') failures.push(`#${at}: auto ${auto.status}`);
      if (auto.objective > reference.objective + gap) failures.push(`#${at}: auto ${auto.objective} vs HiGHS ${reference.objective}`);
      if (auto.objective > greedy.objective + 1e-6) failures.push(`#${at}: auto ${auto.objective} worse than greedy ${greedy.objective}`);
    }
    expect(failures).toEqual([]);
    // The re-plans carried the first plans' units: the change term was in their models.
    expect(previousUnits).toBeGreaterThan(WORLDS);
  }, 600_000);

  it('a re-plan a day later at 120/300, where rows left out are added back, is the same with the first plan\'s component cache as without', async () => {
    // The allocator's worker plans with a cache that outlives each plan; `plan --all`, a restarted
    // allocator or one taking over plan without one. A plan must not depend on which: the published
    // history is what `plan --all` gives for the same records. At 16/20 rows are seldom added back
    // (the test above), so parts split as they do at 120/300 were not exercised: carrying ahead the
    // rows the last plan added (tried, not kept) gave other plans of equal cost on 12 of 15 worlds.
    const failures: string[] = [];
    let added = 0;
    for (const [family, seed] of [['base', 12], ['tight-floors', 31]] as const) {
      const { world, events } = denseWorld(seed, 120, 300, family);
      const cache = new ComponentCache();
      const { proposal } = await planWithTimings(buildPlanningProblem(world), { engine: 'auto', version: 1, cache });
      changeADayLater(world, firstDemand(events));
      const problem = buildPlanningProblem(world, { previous: proposal });
      // Neither may take another path for the machine's speed: a small part left to HiGHS when
      // javascript-lp-solver runs out of its 10 ms can settle a tie another way. So no part goes to
      // that solver's branch and bound here (unhurried, it took 50 s), and HiGHS has time to spare.
      const steady = { timeLimitMs: 60_000, jslpMilpBudgetMs: 0 };
      const warm = await solveProblem(problem, { ...steady, cache });
      const cold = await solveProblem(problem, steady);
      added += cold.lazyRows?.added ?? 0;
      if (JSON.stringify(warm.y) !== JSON.stringify(cold.y)) failures.push(`${family}: y differs at ${warm.y.filter((units, at) => units !== cold.y[at]).length} pairs`);
      if (warm.objective !== cold.objective) failures.push(`${family}: objective ${warm.objective} vs ${cold.objective}`);
    }
    expect(failures).toEqual([]);
    // Only worth something where rows were added back.
    expect(added).toBeGreaterThan(0);
  }, 600_000);

  it('incremental re-planning (unchanged components reused) gives the plan a full re-plan gives, change after change', async () => {
    const failures: string[] = [];
    let reused = 0;
    let solved = 0;
    let changed = 0;
    for (let at = 0; at < Math.max(2, Math.ceil(WORLDS / 2)); at += 1) {
      const random = prng(900 + at);
      const { world, events } = denseWorld(700 + at, 16, 20);
      const cache = new ComponentCache();
      // The allocator's worker plans from its own copy of the world, kept by deltas (world-sync.ts).
      const sender = new WorldSender();
      const replica = new WorldReplica();
      let previous: PlanningProblem | undefined;
      let changedSteps = 0;
      let proposal: Awaited<ReturnType<typeof planWithTimings>>['proposal'] | undefined;
      for (let step = 0; step < 5; step += 1) {
        if (step > 0) world.apply(change(events, world, random, step));
        const problem = buildPlanningProblem(world, { previous: proposal });
        if (previous !== undefined && JSON.stringify(problem) !== JSON.stringify(previous)) changedSteps += 1;
        const copy = World.adopt(replica.apply(structuredClone(sender.update(world.planningSnapshot()))));
        if (JSON.stringify(buildPlanningProblem(copy, { previous: proposal })) !== JSON.stringify(problem)) failures.push(`#${at} step ${step}: the worker's copy of the world builds another problem`);
        const incremental: ProblemSolution = await solveProblem(problem, { ...UNHURRIED, cache });
        const full: ProblemSolution = await solveProblem(problem, UNHURRIED);
        if (JSON.stringify(incremental.y) !== JSON.stringify(full.y)) failures.push(`#${at} step ${step}: y differs`);
        if (Math.abs(incremental.objective - full.objective) > 1e-6 * Math.max(1, Math.abs(full.objective))) failures.push(`#${at} step ${step}: objective ${incremental.objective} vs ${full.objective}`);
        if (incremental.status !== full.status) failures.push(`#${at} step ${step}: status ${incremental.status} vs ${full.status}`);
        reused += incremental.reused ?? 0;
        solved += incremental.components - (incremental.reused ?? 0);
        proposal = (await planWithTimings(problem, { engine: 'auto', version: step + 1, cache })).proposal;
        previous = problem;
      }
      // Re-planning was tested against changes: a change the world ignored would re-plan the same problem.
      if (changedSteps === 0) failures.push(`#${at}: no change altered the problem`);
      changed += changedSteps;
    }
    expect(failures).toEqual([]);
    // Only worth something if components were in fact reused, and others re-solved.
    expect(reused).toBeGreaterThan(0);
    expect(solved).toBeGreaterThan(0);
    process.stdout.write(`dense incremental: ${reused} components reused, ${solved} solved, ${changed} changes that altered the problem\n`);
  }, 600_000);
});
