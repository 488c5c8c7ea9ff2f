import { runCase, unmetFor } from './case-runner';

describe('case 6: eastern DRC, late 2012', () => {
  it('proposes no helicopters from MONUSCO while it is in crisis', async () => {
    const { last, rejected } = await runCase('06-eastern-drc-2012.jsonl');
    expect(rejected).toEqual([]);
    expect(last.loans.filter((l) => l.fromMission === 'MONUSCO')).toEqual([]);
    const unmet = unmetFor(last, 'unmiss-helicopters-2012');
    expect(unmet?.shortfall).toBe(2);
    // v3: the reason names the crisis and its start, against the loan's span (arrival 2012-12-09,
    // return at the window's end plus 14 days of demobilization).
    expect(unmet?.reasons).toEqual([
      { missionId: 'MONUSCO', reason: 'donor-in-crisis', detail: 'MONUSCO is in crisis from 2012-11-20 (kivu-2012, security), during the loan (2012-12-09 to 2013-03-14), and keeps its utility-helicopter units' },
    ]);
  });
});
