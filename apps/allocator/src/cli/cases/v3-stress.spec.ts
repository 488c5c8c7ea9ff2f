import { cloudEvent } from '@imc/contracts';
import { batchContext, DEFAULT_CRISIS_MODEL, inThreadRunner, planSample, runStressTest, sampleOutcome, type PlanFn } from '@imc/domain';
import { planProposal } from '@imc/optimizer';
import { runCase } from './case-runner';

const plan: PlanFn = (problem, options) => planProposal(problem, options);

/** A crisis at UNOCI declared at the world's asOf, as a sample would declare it. */
const unociCrisis = (asOf: string, capability: string, quantity: number) =>
  cloudEvent({
    id: `spec-crisis-${capability}`,
    source: '/spec',
    type: 'imc.crisis.declared',
    time: asOf,
    subject: 'UNOCI',
    data: {
      crisisId: `spec-${capability}`,
      missionId: 'UNOCI',
      kind: 'natural-disaster',
      scheduled: false,
      severity: 3,
      window: { start: '2010-12-20T00:00:00Z', end: '2011-02-28T00:00:00Z' },
      requirements: [{ capability, quantity, priority: 7 }],
      version: 1,
    },
  });

describe('v3 stress report: a baseline, today apart, bundles that help, floors that bind', () => {
  it('starts from today and lists the two-consent bundle, which alone lowers the shortfall', async () => {
    const { world } = await runCase('v3-advice-bundle.jsonl');
    // No sampled crisis: every sample is today's world, so the expected shortfall is today's.
    const c = batchContext(world, { samples: 3, seed: 1, horizonDays: 90, model: { ...DEFAULT_CRISIS_MODEL, crisesPer90Days: 0 } });
    if (!('ctx' in c)) throw new Error('the world knows every mission');
    const report = await runStressTest(c.ctx, inThreadRunner(world.forPlanning(), c.ctx, plan));
    // UNOCI is short both companies today (UNMIL's lack Pakistan's consent and the Council's).
    expect(report.baseline).toEqual({ todayShortfall: 2, expectedShortfall: 2 });
    expect(report.missions).toEqual([
      { missionId: 'UNOCI', pShort: 1, expectedShortfall: 2, p95Shortfall: 2, todayShortfall: 2 },
      { missionId: 'UNMIL', pShort: 0, expectedShortfall: 0, p95Shortfall: 0, todayShortfall: 0 },
    ]);
    // The bundle blocks in every sample; granted together, both companies go: 2 -> 0.
    expect(report.consents).toEqual([
      {
        item: 'contributor:PAK + council:UNSC',
        fromMission: 'UNMIL',
        toMission: 'UNOCI',
        items: ['contributor:PAK', 'council:UNSC'],
        pOnCriticalPath: 0,
        pBlocking: 1,
        expectedShortfallIfGrantedNow: 0,
      },
    ]);
    // The engineers UNMIL holds are all committed: no floor of theirs binds; nothing else is short.
    expect(report.floors).toEqual([]);
  }, 120_000);

  it('counts a floor as binding only where it keeps available units home', async () => {
    const { world } = await runCase('v3-advice-milder-floor.jsonl');
    const asOf = world.asOf ?? '';
    // A sampled disaster at UNOCI also asks for an engineering unit: UNMIL holds 10, all committed.
    const { problem, proposal, world: sample } = await planSample(world, [unociCrisis(asOf, 'engineering-unit', 1)], plan);
    const engineering = proposal.unmet.find((u) => u.capability === 'engineering-unit');
    expect(engineering?.reasons).toContainEqual(expect.objectContaining({ missionId: 'UNMIL', reason: 'reserve-floor' }));
    const outcome = sampleOutcome(problem, proposal, sample);
    // Infantry: available 4, floor 2, 2 lent and 2 kept home that could go: binding. Engineering:
    // available 0 (10 committed), so the floor keeps nothing a loan could take: not binding (v2 listed it).
    expect(outcome.floors).toEqual(['UNMIL|infantry-company']);
    // 1 company and 1 engineering unit short at UNOCI.
    expect(outcome.shortfall).toEqual({ UNOCI: 2000 });
  }, 60_000);

  it("tallies the lender's moved gap as its shortfall", async () => {
    const { world } = await runCase('v3-moved-gap-lender-lighter.jsonl');
    const { problem, proposal, world: sample } = await planSample(world, [], plan);
    // UNOCI gets both companies; UNMIL is short its own 1 plus the 2 lent away in February.
    expect(sampleOutcome(problem, proposal, sample)).toMatchObject({ shortfall: { UNMIL: 3000 }, total: 3000, lends: { 'UNMIL|infantry-company': 2 } });
  }, 60_000);
});
