import * as fc from 'fast-check';
import { fuzzParameters } from '@imc/contracts/testing/fuzz';
import type { SampleOutcome } from './stress-sample';
import { addSample, emptyTally, mergeTallies, p95, tallyReport, type StressTally } from './stress-tally';

const MISSIONS = ['A', 'B', 'C'];
const outcome: fc.Arbitrary<SampleOutcome> = fc
  .record({
    shortfall: fc.dictionary(fc.constantFrom(...MISSIONS), fc.integer({ min: 1, max: 9000 })),
    lends: fc.dictionary(fc.constantFrom('A|infantry-company', 'B|utility-helicopter'), fc.integer({ min: 1, max: 5 })),
    floors: fc.uniqueArray(fc.constantFrom('A|infantry-company', 'C|field-hospital')),
    critical: fc.uniqueArray(fc.constantFrom('contributor:PAK|A|B', 'council:UNSC|B|C')),
    blocking: fc.uniqueArray(fc.constantFrom('contributor:PAK|A|B', 'host-state:CIV|C|A')),
  })
  .map((o) => ({ ...o, total: Object.values(o.shortfall).reduce((a, b) => a + b, 0), touched: [] }));

const tallyOf = (outcomes: readonly SampleOutcome[]): StressTally => {
  const t = emptyTally();
  for (const o of outcomes) addSample(t, o);
  return t;
};
const ctx = { seed: 1, asOf: '2012-11-26T00:00:00.000Z', horizonDays: 90, missions: MISSIONS, grantDeltas: { 'contributor:PAK|A|B': -1500 }, today: { A: 1000 } };

describe('StressTally', () => {
  it('merges any split of the samples, in any order, into exactly the tally (and report) of all of them', () => {
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), (outcomes, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (outcomes.length + 1)))].sort((a, b) => a - b);
        const parts: SampleOutcome[][] = [];
        let from = 0;
        for (const p of [...points, outcomes.length]) {
          parts.push(outcomes.slice(from, p));
          from = p;
        }
        const whole = tallyOf(outcomes);
        const forward = parts.map(tallyOf).reduce(mergeTallies, emptyTally());
        const backward = parts.map(tallyOf).reverse().reduce(mergeTallies, emptyTally());
        expect(tallyReport(forward, ctx)).toEqual(tallyReport(whole, ctx));
        expect(tallyReport(backward, ctx)).toEqual(tallyReport(whole, ctx));
      }),
      fuzzParameters(300),
    );
  });

  it('reports probabilities, means and the nearest-rank p95 over all samples, zeros included', () => {
    const outcomes: SampleOutcome[] = Array.from({ length: 20 }, (_, i): SampleOutcome => ({
      shortfall: i < 2 ? { A: (i + 1) * 1000 } : ({} as Record<string, number>),
      total: i < 2 ? (i + 1) * 1000 : 0,
      lends: i < 10 ? { 'B|utility-helicopter': 2 } : ({} as Record<string, number>),
      floors: i < 5 ? ['A|infantry-company'] : [],
      critical: [],
      blocking: i < 4 ? ['contributor:PAK|A|B'] : [],
      touched: [],
    }));
    const report = tallyReport(tallyOf(outcomes), ctx);
    expect(report.missions[0]).toEqual({ missionId: 'A', pShort: 0.1, expectedShortfall: 0.15, p95Shortfall: 1, todayShortfall: 1 });
    // Today: A short 1 (ctx.today); over the samples 3 units / 20 = 0.15.
    expect(report.baseline).toEqual({ todayShortfall: 1, expectedShortfall: 0.15 });
    expect(report.missions.map((m) => m.missionId)).toEqual(['A', 'B', 'C']);
    expect(report.donors).toEqual([{ missionId: 'B', capability: 'utility-helicopter', pLends: 0.5, meanUnits: 1 }]);
    expect(report.floors).toEqual([{ missionId: 'A', capability: 'infantry-company', pBinding: 0.25 }]);
    // 3 units short over 20 samples, 1.5 fewer with the grant.
    expect(report.consents).toEqual([{ item: 'contributor:PAK', fromMission: 'A', toMission: 'B', items: ['contributor:PAK'], pOnCriticalPath: 0, pBlocking: 0.2, expectedShortfallIfGrantedNow: 0.075 }]);
    // (v3) Only bundles that lower the expected shortfall (0.15) are listed: one that changes
    // nothing (delta 0), or lowers it by less than the report's precision, is measured and left out.
    const bundle = 'contributor:RWA + council:UNSC|A|C';
    const listed = tallyReport(tallyOf(outcomes), { ...ctx, grantDeltas: { 'contributor:PAK|A|B': -1500, [bundle]: 0, 'council:UNSC|B|C': -5 } });
    expect(listed.consents.map((c) => c.item)).toEqual(['contributor:PAK']);
    const helps = tallyReport(tallyOf(outcomes), { ...ctx, grantDeltas: { [bundle]: -2000 } });
    expect(helps.consents).toEqual([
      { item: 'contributor:RWA + council:UNSC', fromMission: 'A', toMission: 'C', items: ['contributor:RWA', 'council:UNSC'], pOnCriticalPath: 0, pBlocking: 0, expectedShortfallIfGrantedNow: 0.05 },
    ]);
    expect(p95({ '2000': 1 }, 20)).toBe(0);
    expect(p95({ '2000': 1 }, 19)).toBe(2000);
    expect(p95({}, 0)).toBe(0);
  });
});
