import * as fc from 'fast-check';
import { fuzzParameters } from '@imc/contracts/testing/fuzz';
import { explainUnmet } from './explain';
import { maxViolation } from './linear-model';
import { buildModel } from './model-builder';
import { JslpAdapter } from './adapters/jslp.adapter';
import { HighsAdapter } from './adapters/highs.adapter';
import { LazyRows } from './lazy-rows';
import type { SolverPort } from './solver.port';
import { completeValues, solveProblem } from './solve-problem';
import { demand, group, pair, problem, receivingRow, shareRow } from './testing/problem-fixture';
import { randomProblem } from './testing/random-problem';

describe('LazyRows', () => {
  // Two donors A and B, each with its own demand; A's share row also counts B's group, so it
  // crosses the two components of the pairs.
  const base = {
    groups: [group('A/1', 'A', 3), group('B/1', 'B', 3)],
    demands: [demand('d1', 'X', 3, 5), demand('d2', 'Y', 3, 1)],
    pairs: [pair('A/1', 'd1'), pair('B/1', 'd2')],
  };

  it('carries a row within one component, leaves out one that crosses, and never carries one that cannot bind', () => {
    const rows = new LazyRows(
      problem({
        ...base,
        shareRows: [shareRow('A', { 'A/1': 150 }, 300), shareRow('B', { 'A/1': 150, 'B/1': 150 }, 600), shareRow('C', { 'A/1': 150, 'B/1': 150 }, 900)],
      }),
    );
    expect(rows.counts).toEqual({ carried: 1, deferred: 1, redundant: 1, added: 0 });
    expect(rows.relaxed().shareRows.map((row) => row.rowId)).toEqual(['share:A']);
  });

  it('adds back exactly the rows a plan breaks', () => {
    const rows = new LazyRows(problem({ ...base, receivingRows: [receivingRow('X', ['d1', 'd2'], 450)] }));
    expect(rows.relaxed().receivingRows).toEqual([]);
    expect(rows.addBrokenBy([3, 0])).toBe(0);
    expect(rows.addBrokenBy([2, 2])).toBe(1);
    expect(rows.relaxed().receivingRows.map((row) => row.rowId)).toEqual(['receiving:X:personnel']);
  });

  it('adds with the broken rows those a plan uses to within 10% of their limit, and none while nothing is broken', () => {
    // Units weigh 150 personnel (the fixture's); X (limit 450), Y (640) and Z (700) all receive
    // into d1 and d2, so each crosses the two components of the pairs and is left out at first.
    const rows = new LazyRows(
      problem({ ...base, receivingRows: [receivingRow('X', ['d1', 'd2'], 450), receivingRow('Y', ['d1', 'd2'], 640), receivingRow('Z', ['d1', 'd2'], 700)] }),
    );
    // 450 of 640 (70%) and of 700 (64%) break nothing: nothing is added, near or not.
    expect(rows.addBrokenBy([3, 0])).toBe(0);
    expect(rows.relaxed().receivingRows).toEqual([]);
    // 600: X broken, Y at 94% (added with it), Z at 86% (not).
    expect(rows.addBrokenBy([2, 2])).toBe(2);
    expect(rows.relaxed().receivingRows.map((row) => row.rowId)).toEqual(['receiving:X:personnel', 'receiving:Y:personnel']);
    expect(rows.counts.added).toBe(2);
  });

  it('solves the parts apart, then together once the crossing row binds, and explains by the full problem', async () => {
    // 600 personnel across both: the higher-weight d1 takes its 3 units, d2 only 1.
    const world = problem({ ...base, shareRows: [shareRow('AB', { 'A/1': 150, 'B/1': 150 }, 600)] });
    const solution = await solveProblem(world, { wholeMaxPairs: 0 });
    expect(solution.y).toEqual([3, 1]);
    expect(solution.status).toBe('optimal');
    expect(solution.lazyRows).toEqual({ carried: 0, deferred: 1, redundant: 0, added: 1 });
    expect(solution.components).toBe(1);
    const [unmet] = explainUnmet(world, solution.y);
    expect(unmet.demandId).toBe('d2');
    expect(unmet.reasons.map((reason) => reason.reason)).toEqual(['share-on-loan']);
  });

  it('carries every row from the start when a part of the pairs alone is too large to be proven', async () => {
    const world = problem({ ...base, shareRows: [shareRow('AB', { 'A/1': 150, 'B/1': 150 }, 600)] });
    const run = async (lazyRowsMaxPairs: number) => {
      const models: number[] = [];
      const counted = (solver: SolverPort): SolverPort => ({
        name: solver.name,
        solve: (model, options) => {
          models.push(model.variables.length);
          return solver.solve(model, options);
        },
      });
      const solvers = { lp: counted(new JslpAdapter({ relax: true })), smallMilp: counted(new JslpAdapter({ relax: false })), milp: counted(new HighsAdapter()), largeLp: counted(new HighsAdapter({ relax: true })) };
      return { solution: await solveProblem(world, { wholeMaxPairs: 0, lazyRowsMaxPairs, solvers }), models };
    };
    // Within the limit: the two parts apart (the row left out), then together once it is broken.
    const within = await run(1);
    // Over it (a part of 1 pair > 0): one model of the whole, the row carried from the start.
    const over = await run(0);
    expect(over.models.length).toBeLessThan(within.models.length);
    expect(over.solution.lazyRows).toEqual({ carried: 0, deferred: 1, redundant: 0, added: 1 });
    expect(over.solution.components).toBe(1);
    expect(over.solution.status).toBe('optimal');
    expect(over.solution.y).toEqual(within.solution.y);
  });

  it('past its deadline adds every row left out at once and gives the parts that changed the greedy plan, flagged', async () => {
    const world = problem({ ...base, shareRows: [shareRow('AB', { 'A/1': 150, 'B/1': 150 }, 600)] });
    // A zero budget: the first round is solved, and the broken row cannot start another.
    const solution = await solveProblem(world, { wholeMaxPairs: 0, timeLimitMs: 0 });
    expect(solution.status).toBe('greedy-fallback');
    expect(solution.settledBy.greedy).toBe(1);
    const built = buildModel(world);
    expect(maxViolation(built.model, completeValues(world, built, solution.y))).toBeLessThanOrEqual(1e-6);
  });
});

describe('property: lazy coupling rows give the optimum of the whole model', () => {
  // Small regions and long reach, so that share and receiving rows cross components and bind.
  const shape = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    missions: fc.integer({ min: 3, max: 8 }),
    demands: fc.integer({ min: 2, max: 8 }),
    regionSize: fc.integer({ min: 1, max: 3 }),
    // Binding worlds four times in five: tight shares and receiving capacity.
    binding: fc.integer({ min: 0, max: 4 }).map((draw) => draw > 0),
  });

  it('auto (rows left out, then added back where broken) equals HiGHS on the whole model, and keeps every row', async () => {
    let added = 0;
    await fc.assert(
      fc.asyncProperty(shape, async ({ seed, missions, demands, regionSize, binding }) => {
        const world = randomProblem(seed, { missions, demands, regionSize, binding, pairChance: 0.9, previousChance: 0.2 });
        const auto = await solveProblem(world, { wholeMaxPairs: 0, timeLimitMs: 60_000 });
        const whole = await solveProblem(world, { engine: 'highs', gap: 0, timeLimitMs: 60_000 });
        if ((auto.lazyRows?.added ?? 0) > 0) added += 1;
        expect(auto.status).toBe('optimal');
        expect(auto.objective).toBeLessThanOrEqual(whole.objective + 1e-6 * Math.max(1, Math.abs(whole.objective)));
        // Every row of the whole model holds, the ones left out included.
        const built = buildModel(world);
        expect(maxViolation(built.model, completeValues(world, built, auto.y))).toBeLessThanOrEqual(1e-6);
      }),
      fuzzParameters(150),
    );
    // Only worth something if the merge loop ran.
    process.stdout.write(`lazy property: ${added} with rows added back\n`);
    expect(added).toBeGreaterThanOrEqual(10);
  }, 300_000);
});
