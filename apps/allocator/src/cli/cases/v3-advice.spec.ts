import type { Proposal } from '@imc/contracts';
import { planScenario } from '@imc/domain';
import { computeAdvice, gainBetween, inProcessRunner, measurePlan, planProposal, type AdviceRun } from '@imc/optimizer';
import { runCase } from './case-runner';

const plan = (problem: Parameters<typeof planProposal>[0], options: { scope: string; version: number }) => planProposal(problem, options);
const UNOCI = 'civ-2011/infantry-company';

async function advise(file: string) {
  const run = await runCase(file);
  const advice = await computeAdvice(run.world, run.last, { run: inProcessRunner(run.world, run.last.scope, plan), budgetMs: 120_000 });
  return { run, advice };
}

/** The gain of some events appended to the scenario, measured as advice measures a lever. */
async function replay(run: Awaited<ReturnType<typeof runCase>>, events: AdviceRun['measured'][number]['events']) {
  const replayed = await planScenario(events.map((e) => JSON.stringify(e)).join('\n'), { plan, world: run.world.clone() });
  expect(replayed.rejected).toEqual([]);
  const after: Proposal = replayed.proposals[replayed.proposals.length - 1] ?? run.last;
  return gainBetween(measurePlan(run.world, run.last), measurePlan(run.world, after));
}

describe('v3 advice: consents as bundles, the milder change first, renewals, and why none is listed', () => {
  it('names both consents a pair lacks as one bundle, with the last useful grant date', async () => {
    const { run, advice } = await advise('v3-advice-bundle.jsonl');
    expect(run.rejected).toEqual([]);
    expect(run.last.loans).toEqual([]);
    expect(run.last.unmet.map((u) => [u.demandId, u.shortfall])).toEqual([[UNOCI, 2]]);
    // One candidate only: the bundle; neither consent is offered alone.
    expect(advice.measured.map((m) => m.target)).toEqual(['contributor:PAK + council:UNSC UNMIL->UNOCI']);
    // Granted together on 2010-12-01, both companies leave after the 7-day notice, travel 760 km
    // in 2 days and arrive 2010-12-10, before the window opens on 2010-12-15: coverage 1, so the
    // gain is 2 units x weight 32 (priority 8 x severity 4) = 64 and 2 x 136 window days covered.
    // The loan arrives before its window, so a grant as late as 2010-12-15 - 2 days transit still
    // brings it in time: latestUseful 2010-12-13.
    expect(advice.advice.levers).toEqual([
      {
        demandId: UNOCI,
        lever: 'consent',
        target: 'contributor:PAK + council:UNSC UNMIL->UNOCI',
        change: 'all granted by 2010-12-01 (missing; missing)',
        latestUseful: '2010-12-13',
        gain: { units: 2, coverageDays: 272, weightedShortfall: 64 },
        // 2 x (transfer 30,400 + 150 days of sustainment at 15,000) = 4,710,800.
        cost: 4_710_800,
      },
    ]);
    // Securing one of the two gains nothing: each grant alone leaves the plan as it is.
    const [bundle] = advice.measured;
    expect(bundle.events).toHaveLength(2);
    for (const one of bundle.events) expect((await replay(run, [one])).gain).toEqual({ units: 0, coverageDays: 0, weightedShortfall: 0 });
    expect((await replay(run, bundle.events)).gain.weightedShortfall).toBe(64);
  }, 120_000);

  it('offers the missing consent alone when the other is pending and arrives in time, and ranks it first', async () => {
    const run = await runCase('v3-advice-bundle.jsonl');
    // The Council's authorization recorded as pending, expected in 5 days (2010-12-06).
    const pending = {
      specversion: '1.0', id: 'spec-unsc-pending', source: '/spec', type: 'imc.consent.recorded', time: '2010-12-01T00:00:00Z', subject: 'unsc-pending', datacontenttype: 'application/json',
      data: { consentId: 'unsc-pending', kind: 'council', party: 'UNSC', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ['*'], status: 'pending', expectedInDays: 5, version: 1 },
    };
    const world = run.world.clone();
    const replayed = await planScenario(JSON.stringify(pending), { plan, world });
    expect(replayed.rejected).toEqual([]);
    // The plan lends nothing still (Pakistan's consent is missing), but the reason changes: it named
    // both consents the pair lacked, it now names Pakistan's alone (the Council's is pending).
    expect(replayed.proposals).toHaveLength(1);
    const last = replayed.proposals[0];
    expect(last.loans).toEqual([]);
    expect(last.unmet[0].reasons).toEqual([{ missionId: 'UNMIL', reason: 'consent-missing', detail: 'no contributor PAK consent on record for UNMIL to UNOCI', consents: ['contributor:PAK'] }]);
    const advice = await computeAdvice(world, last, { run: inProcessRunner(world, last.scope, plan), budgetMs: 120_000 });
    // Pakistan's consent alone: the companies leave after the 7-day notice (the Council's 5 days
    // run meanwhile) and arrive 2010-12-10 as with both granted: the same gain, 2 x 32 = 64, so
    // the bundle of one (the milder change) comes first.
    expect(advice.advice.levers.map((l) => [l.target, l.change, l.latestUseful, l.gain.weightedShortfall])).toEqual([
      ['contributor:PAK UNMIL->UNOCI', 'granted by 2010-12-01 (missing)', '2010-12-13', 64],
      ['contributor:PAK + council:UNSC UNMIL->UNOCI', 'all granted by 2010-12-01 (missing; pending, expected 2010-12-06)', '2010-12-13', 64],
    ]);
  }, 120_000);

  it('ranks floor 2 -> 1 before floor 2 -> 0 when both bring the same company at the same cost', async () => {
    const { run, advice } = await advise('v3-advice-milder-floor.jsonl');
    // UNMIL holds 4 companies, floor max(1, ceil(0.5 x 4)) = 2: it lends 2 of the 3 UNOCI asks for.
    expect(run.last.unmet.map((u) => [u.demandId, u.shortfall])).toEqual([[UNOCI, 1]]);
    // Either lower floor brings the third company (weight 32, coverage 1, 136 days); the demand asks
    // for no more, so 2 -> 0 wins nothing over 2 -> 1. Before v3 the tie went to the change text
    // ("floor 2 -> 0" sorts first); now the milder change comes first.
    expect(advice.advice.levers.map((l) => [l.change, l.gain.weightedShortfall, l.cost])).toEqual([
      ['floor 2 -> 1: UNMIL lends 3 and keeps 1 of 4 infantry-company', 32, 2_355_400],
      ['floor 2 -> 0: UNMIL lends 3 and keeps 1 of 4 infantry-company', 32, 2_355_400],
    ]);
    expect(advice.advice.note).toBeUndefined();
  }, 120_000);

  it('measures renewing an authorization that ends a loan before its window does (consent-validity)', async () => {
    const { run, advice } = await advise('v2-consent-validity.jsonl');
    const [loan] = run.last.loans;
    expect(loan).toMatchObject({ demandId: UNOCI, quantity: 1, renewal: ['council:UNSC'] });
    // The window 2011-01-01..2011-03-31 has 89 days; S/RES/1951 as recorded ends 2011-02-15, so the
    // loan (there from 2010-12-10) covers 45 of them: coverage 0.5056. Renewed to 2011-03-31 it
    // covers all 89: 44 more days, weighted 32 x (1 - 0.5056) = 15.821, and 44 more days of
    // sustainment at 15,000 = 660,000. The renewal must be on record before 2011-02-15.
    expect(advice.advice.levers).toEqual([
      {
        demandId: UNOCI,
        lever: 'consent-validity',
        target: 'council:UNSC UNMIL->UNOCI',
        change: 'council:UNSC validUntil 2011-02-15 -> 2011-03-31',
        latestUseful: '2011-02-15',
        gain: { units: 0, coverageDays: 44, weightedShortfall: 15.821 },
        cost: 660_000,
      },
    ]);
  }, 120_000);

  it('says why no lever is listed when the changes measured win nothing', async () => {
    const { run, advice } = await advise('v3-moved-gap-lender-heavier.jsonl');
    // UNOCI is short 2 because UNMIL's own February need (weight 9) outweighs UNOCI's (8): its
    // floor (3 of 6) is not what holds the companies, so lowering it changes no plan.
    expect(run.last.unmet.map((u) => [u.demandId, u.shortfall])).toEqual([
      [UNOCI, 2],
      ['unmil-feb-2011', 1],
    ]);
    expect(advice.advice).toMatchObject({ levers: [], candidates: 2, measured: 2, complete: true });
    expect(advice.measured.map((m) => m.gain.weightedShortfall)).toEqual([0, 0]);
    expect(advice.advice.note).toBe(
      "no lever listed: 2 changes measured, none lowers the whole world's weighted shortfall; left every shortfall as it is (the plan with the change lends the same): floor UNMIL/infantry-company (floor 3 -> 2), floor UNMIL/infantry-company (floor 3 -> 1)",
    );
  }, 120_000);

  it("counts the moved gap in the whole world's weighted shortfall by weight x overlap", async () => {
    const run = await runCase('v3-moved-gap-lender-lighter.jsonl');
    // UNOCI is fully covered (2 companies, coverage 1); UNMIL's February need (weight 3) is short
    // 1 of its own plus the 2 lent away for all of its window (overlap 1): 3 x 1 + 2 x 3 x 1 = 9.
    expect(measurePlan(run.world, run.last)).toMatchObject({ units: 3, weightedShortfall: 9 });
    // UNMIL's need stretched to 2011-06-30 (149 days): the loan is back 2011-05-14, so it takes the
    // companies for 102 of them, overlap 0.6846. The proposal still shows UNMIL short 3 whole; the
    // measure counts the 2 moved ones by the overlap: 3 x 1 + 2 x 3 x 0.6846 = 7.1076 (9 if whole).
    const stretched = {
      specversion: '1.0', id: 'spec-stretch', source: '/spec', type: 'imc.demand.raised', time: '2010-12-01T00:00:00Z', subject: 'UNMIL', datacontenttype: 'application/json',
      data: { demandId: 'unmil-feb-2011', missionId: 'UNMIL', capability: 'infantry-company', quantity: 1, window: { start: '2011-02-01T00:00:00Z', end: '2011-06-30T00:00:00Z' }, priority: 3, version: 2 },
    };
    const world = run.world.clone();
    const replayed = await planScenario(JSON.stringify(stretched), { plan, world });
    expect(replayed.rejected).toEqual([]);
    const last = replayed.proposals[replayed.proposals.length - 1];
    expect(last.loans.map((l) => [l.demandId, l.quantity, l.returnBy])).toEqual([[UNOCI, 2, '2011-05-14T00:00:00.000Z']]);
    expect(last.unmet.find((u) => u.demandId === 'unmil-feb-2011')?.shortfall).toBe(3);
    expect(measurePlan(world, last).weightedShortfall).toBeCloseTo(7.1076, 6);
  }, 60_000);
});
