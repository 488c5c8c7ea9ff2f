import type { StressReport } from '@imc/contracts';
import { describeStressReport } from './stress-summary';

const report: StressReport = {
  samples: 200,
  seed: 2012,
  asOf: '2012-11-26T00:00:00.000Z',
  horizonDays: 90,
  baseline: { todayShortfall: 6, expectedShortfall: 16.39 },
  missions: [
    { missionId: 'MONUSCO', pShort: 1, expectedShortfall: 6.58, p95Shortfall: 13, todayShortfall: 4 },
    { missionId: 'UNMISS', pShort: 1, expectedShortfall: 3.35, p95Shortfall: 9, todayShortfall: 2 },
    { missionId: 'UNMIL', pShort: 0.1, expectedShortfall: 0.54, p95Shortfall: 3, todayShortfall: 0 },
  ],
  donors: [],
  floors: [{ missionId: 'UNMISS', capability: 'infantry-company', pBinding: 0.225 }],
  consents: [
    { item: 'contributor:BGD', fromMission: 'UNOCI', toMission: 'MONUSCO', items: ['contributor:BGD'], pOnCriticalPath: 0, pBlocking: 0.05, expectedShortfallIfGrantedNow: 15.99 },
    { item: 'contributor:MAR', fromMission: 'UNOCI', toMission: 'MONUSCO', items: ['contributor:MAR'], pOnCriticalPath: 0, pBlocking: 0.05, expectedShortfallIfGrantedNow: 16.005 },
  ],
};

describe('the stress CLI says what its report means (v3)', () => {
  it('reads today, the expectation, the most exposed mission, the bundle to pre-clear and the floors', () => {
    expect(describeStressReport(report)).toEqual([
      "today's proposal leaves 6 units short (MONUSCO 4, UNMISS 2), before any sampled crisis",
      "over 200 sampled futures of 90 days (seed 2012), the expected shortfall is 16.39 units, today's included",
      'most exposed: MONUSCO, 6.58 units short on average (4 of them today), short in 100% of the samples, 13 in the worst 5%',
      'pre-clear first: contributor:BGD UNOCI->MONUSCO, granted now it lowers the expected shortfall from 16.39 to 15.99 (2 bundles listed lower it)',
      'reserve floors that keep lendable units home: UNMISS infantry-company in 23% of the samples',
    ]);
  });

  it('says so when nothing is short, no bundle helps and no floor binds', () => {
    const calm: StressReport = { ...report, baseline: { todayShortfall: 0, expectedShortfall: 0 }, missions: report.missions.map((m) => ({ ...m, pShort: 0, expectedShortfall: 0, p95Shortfall: 0, todayShortfall: 0 })), floors: [], consents: [] };
    expect(describeStressReport(calm)).toEqual([
      "today's proposal leaves no demand short",
      "over 200 sampled futures of 90 days (seed 2012), the expected shortfall is 0 units, today's included",
      'no consent bundle granted now lowers the expected shortfall: nothing to pre-clear',
      'no reserve floor keeps lendable units home in any sample',
    ]);
  });
});
