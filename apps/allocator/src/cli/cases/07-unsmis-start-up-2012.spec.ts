import { loansFor, runCase } from './case-runner';

const DEMAND = 'unsmis-start-up-2012/military-observer-team';

describe('case 7: UNSMIS start-up, spring 2012', () => {
  it('draws observer teams from more than one donor, none below its floor', async () => {
    const { last, rejected } = await runCase('07-unsmis-start-up-2012.jsonl');
    expect(rejected).toEqual([]);
    const loans = loansFor(last, DEMAND);
    const donors = new Set(loans.map((l) => l.fromMission));
    expect(donors.size).toBeGreaterThan(1);
    expect(loans.reduce((n, l) => n + l.quantity, 0)).toBe(12);
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
