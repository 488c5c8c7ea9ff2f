import { loansFor, runCase, unmetFor } from './case-runner';

const DEMAND = 'jonglei-2012/utility-helicopter';

describe('case 5: Jonglei, January 2012', () => {
  it('takes helicopters from MONUSCO and reports their partial coverage honestly', async () => {
    const { last, rejected } = await runCase('05-jonglei-2012.jsonl');
    expect(rejected).toEqual([]);
    const loans = loansFor(last, DEMAND);
    expect(loans.length).toBeGreaterThan(0);
    expect(loans.every((l) => l.fromMission === 'MONUSCO')).toBe(true);
    expect(loans.reduce((n, l) => n + l.quantity, 0)).toBe(2);
    for (const loan of loans) {
      expect(loan.coverage).toBeGreaterThan(0.25);
      expect(loan.coverage).toBeLessThan(1);
      expect(Date.parse(loan.arriveBy)).toBeGreaterThan(Date.parse('2011-12-25T00:00:00Z'));
    }
  });

  it('leaves the rest of the gap unmet because of MONUSCO floor', async () => {
    const { last } = await runCase('05-jonglei-2012.jsonl');
    const unmet = unmetFor(last, DEMAND);
    expect(unmet?.shortfall).toBe(2);
    expect(unmet?.reasons.map((r) => r.reason)).toContain('reserve-floor');
  });
});
