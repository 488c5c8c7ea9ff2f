import { loansFor, runCase, unmetFor } from './case-runner';

const DEMAND = 'jonglei-2012/utility-helicopter';

describe('case 5: Jonglei, January 2012', () => {
  it('takes helicopters from MONUSCO and reports their partial coverage honestly', async () => {
    const { last, rejected } = await runCase('05-jonglei-2012.jsonl');
    expect(rejected).toEqual([]);
    const loans = loansFor(last, DEMAND);
    expect(loans.map((l) => [l.fromMission, l.quantity, l.unitIds])).toEqual([['MONUSCO', 2, ['MONUSCO-uh-UKR-01', 'MONUSCO-uh-UKR-02']]]);
    // Declared 30 December; notice 10 days, then 2,085 km at 600 km a day (4 days): there on 13 January,
    // 19 days into a 52-day window (25 December to 15 February): 33 of 52 days = 0.6346.
    expect(loans[0].arriveBy).toBe('2012-01-13T00:00:00.000Z');
    expect(loans[0].coverage).toBe(0.6346);
  });

  it('leaves the rest of the gap unmet because of MONUSCO floor, with the numbers behind it', async () => {
    const { last } = await runCase('05-jonglei-2012.jsonl');
    expect(unmetFor(last, DEMAND)).toEqual({
      demandId: DEMAND,
      missionId: 'UNMISS',
      capability: 'utility-helicopter',
      shortfall: 2,
      reasons: [{ missionId: 'MONUSCO', reason: 'reserve-floor', detail: 'held 4, available 4, already proposed 2, floor 2' }],
    });
  });
});
