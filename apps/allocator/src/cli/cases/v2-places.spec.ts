import { buildPlanningProblem } from '@imc/domain';
import { loansFor, runCase } from './case-runner';

const DEMAND = 'goma-2012/infantry-company';

describe('v2 places: a Goma crisis is measured from Juba to Goma, not to Kinshasa', () => {
  it('lends from UNMISS over 773 km (Juba to Goma), where hq to hq would be 2,085 km', async () => {
    const { last, rejected } = await runCase('v2-places-goma.jsonl');
    expect(rejected).toEqual([]);
    const loans = loansFor(last, DEMAND);
    expect(loans.map((l) => [l.fromMission, l.quantity, l.distanceKm, l.unitIds])).toEqual([['UNMISS', 2, 773, ['UNMISS-inf-IND-01', 'UNMISS-inf-IND-02']]]);
    // 773 km at 500 km a day: 2 days, after a notice of 10.
    expect(loans[0].leadTime).toEqual({ noticeDays: 10, consentDays: 0, authorizationDays: 0, transitDays: 2 });
    expect(loans[0].arriveBy).toBe('2012-12-04T00:00:00.000Z');
  });

  it('keeps units at different bases in different groups, each measured from its own base', async () => {
    const { world } = await runCase('v2-places-goma.jsonl');
    const p = buildPlanningProblem(world);
    expect(p.groups.filter((g) => g.missionId === 'UNMISS' && g.capability === 'infantry-company').map((g) => [g.groupId, g.unitIds])).toEqual([
      ['UNMISS/infantry-company/IND/n10/p150/a0/available', ['UNMISS-inf-IND-01', 'UNMISS-inf-IND-02', 'UNMISS-inf-IND-03', 'UNMISS-inf-IND-04']],
      ['UNMISS/infantry-company/IND/n10/p150/a0/available@6.21,31.56', ['UNMISS-inf-IND-05', 'UNMISS-inf-IND-06']],
    ]);
    // Bor to Goma is further than Juba to Goma: 915 km, 2 days as well, so it costs more.
    expect(p.pairs.map((x) => [x.groupId.endsWith('@6.21,31.56') ? 'Bor' : 'Juba', x.loanTemplate.distanceKm])).toEqual([
      ['Juba', 773],
      ['Bor', 915],
    ]);
  });
});
