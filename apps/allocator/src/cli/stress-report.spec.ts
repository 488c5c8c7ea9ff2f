import { join } from 'node:path';
import type { StressReport } from '@imc/contracts';
import {
  batchContext,
  DEFAULT_CRISIS_MODEL,
  grantEvents,
  inThreadRunner,
  planScenario,
  runStressTest,
  sampleCrises,
  type BatchContext,
  type PlanFn,
  type World,
} from '@imc/domain';
import { planProposal } from '@imc/optimizer';
import { createStressPool, runStressOnPool } from '@imc/workers';
import { planFile } from './plan-file';

/**
 * The stress test's proofs on the demo world, with the real engine: the report depends on the
 * seed only (in this thread, on 1 worker or on 2, the same report), and a consent the
 * pre-clearance list puts first really lowers the shortfall when it is granted in a replayed world.
 */
const plan: PlanFn = (problem, options) => planProposal(problem, options);
const SAMPLES = 40;
const SEED = 7;

describe('stress test on the demo world', () => {
  jest.setTimeout(300_000);
  let world: World;
  let ctx: BatchContext;
  let report: StressReport;

  beforeAll(async () => {
    world = (await planFile(join(__dirname, '..', '..', '..', '..', 'scenarios', 'demo-2010-2012.jsonl'))).world;
    const c = batchContext(world, { samples: SAMPLES, seed: SEED, horizonDays: 90, model: DEFAULT_CRISIS_MODEL });
    if (!('ctx' in c)) throw new Error('the demo world knows every mission');
    ctx = c.ctx;
    report = await runStressTest(ctx, inThreadRunner(world.forPlanning(), ctx, plan));
  });

  it('gives the same report with 1 and 2 worker threads as in this thread', async () => {
    for (const size of [1, 2]) {
      const pool = createStressPool(size);
      try {
        expect(await runStressOnPool(pool, world, ctx)).toEqual(report);
      } finally {
        await pool.close();
      }
    }
    expect(report).toMatchObject({ samples: SAMPLES, seed: SEED, asOf: '2012-11-26T00:00:00.000Z', horizonDays: 90 });
    expect(report.missions).toHaveLength(8);
  });

  it('starts from a baseline: today apart, then the expected shortfall; lists only bundles below it (v3)', () => {
    const today = (world.latestProposal?.unmet ?? []).reduce((sum, u) => sum + u.shortfall, 0);
    expect(report.baseline.todayShortfall).toBe(today);
    expect(report.missions.reduce((sum, m) => sum + m.todayShortfall, 0)).toBe(today);
    expect(report.baseline.expectedShortfall).toBeCloseTo(report.missions.reduce((sum, m) => sum + m.expectedShortfall, 0), 6);
    // Every sample plans today's demands too: no mission expects less than its today's part.
    for (const m of report.missions) expect(m.expectedShortfall).toBeGreaterThanOrEqual(m.todayShortfall);
    for (const c of report.consents) {
      expect(c.expectedShortfallIfGrantedNow).toBeLessThan(report.baseline.expectedShortfall);
      expect(c.items?.join(' + ')).toBe(c.item);
    }
  });

  it('puts first a consent that, granted in a replayed world, lowers the shortfall by exactly what it says', async () => {
    const asIs = report.missions.reduce((sum, m) => sum + m.expectedShortfall, 0);
    const best = report.consents[0];
    expect(best.expectedShortfallIfGrantedNow).toBeLessThan(asIs - 1e-9);
    const key = `${best.item}|${best.fromMission}|${best.toMission}`;

    // Each sample replayed as plan does, from its scenario lines: the crises, then the grant.
    const shortfall = async (lines: string[]) => {
      const run = await planScenario(lines.join('\n'), { plan, world: world.clone() });
      expect(run.rejected).toEqual([]);
      const last = run.proposals[run.proposals.length - 1] ?? world.latestProposal;
      return (last?.unmet ?? []).reduce((sum, u) => sum + u.shortfall, 0);
    };
    let before = 0;
    let after = 0;
    for (let index = 0; index < SAMPLES; index++) {
      const crises = sampleCrises(DEFAULT_CRISIS_MODEL, { seed: SEED, index, asOf: ctx.asOf, horizonDays: 90, missions: ctx.targets }).map((e) => JSON.stringify(e));
      before += await shortfall(crises);
      after += await shortfall([...crises, ...grantEvents(world, key, `grant-${index}`).map((e) => JSON.stringify(e))]);
    }
    expect(before / SAMPLES).toBeCloseTo(asIs, 6);
    expect(after / SAMPLES).toBeCloseTo(best.expectedShortfallIfGrantedNow, 6);
    expect(after).toBeLessThan(before);
  });
});
