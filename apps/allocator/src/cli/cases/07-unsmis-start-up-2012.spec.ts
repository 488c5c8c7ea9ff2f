import { loansFor, runCase } from './case-runner';

const DEMAND = 'unsmis-start-up-2012/military-observer-team';

describe('case 7: UNSMIS start-up, spring 2012', () => {
  it('draws observer teams from more than one donor, none below its floor', async () => {
    const { last, rejected } = await runCase('07-unsmis-start-up-2012.jsonl');
    expect(rejected).toEqual([]);
    const loans = loansFor(last, DEMAND);
    // Each donor keeps half of its teams (the default floor): UNAMID 10 held gives 5, UNIFIL 8
    // gives 4, UNDOF 6 gives 3. That is exactly the 12 needed, so every donor gives its all.
    expect(loans.map((l) => [l.fromMission, l.quantity]).sort()).toEqual([
      ['UNAMID', 5],
      ['UNDOF', 3],
      ['UNIFIL', 4],
    ]);
    expect(last.unmet).toEqual([]);
    for (const p of last.posture.filter((e) => e.capability === 'military-observer-team')) {
      expect(p.available - p.proposedOut).toBeGreaterThanOrEqual(p.floor);
    }
  });

  it('gets the observers there within a month', async () => {
    const { last } = await runCase('07-unsmis-start-up-2012.jsonl');
    for (const loan of loansFor(last, DEMAND)) {
      expect(Date.parse(loan.arriveBy)).toBeLessThan(Date.parse('2012-05-14T00:00:00Z'));
    }
  });
});
