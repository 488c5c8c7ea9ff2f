import { runCase, unmetFor } from './case-runner';

describe('case 6: eastern DRC, late 2012', () => {
  it('proposes no helicopters from MONUSCO while it is in crisis', async () => {
    const { last, rejected } = await runCase('06-eastern-drc-2012.jsonl');
    expect(rejected).toEqual([]);
    expect(last.loans.filter((l) => l.fromMission === 'MONUSCO')).toEqual([]);
    const unmet = unmetFor(last, 'unmiss-helicopters-2012');
    expect(unmet?.shortfall).toBe(2);
    expect(unmet?.reasons).toEqual([{ missionId: 'MONUSCO', reason: 'donor-in-crisis', detail: 'MONUSCO is in crisis and keeps its utility-helicopter units' }]);
  });
});
