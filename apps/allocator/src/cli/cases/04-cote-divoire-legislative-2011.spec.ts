import { runCase, unitsFor } from './case-runner';

describe('case 4: Ivorian legislative elections, December 2011', () => {
  it('gets loans raised weeks ahead that arrive before the window opens', async () => {
    const { last, rejected } = await runCase('04-cote-divoire-legislative-2011.jsonl');
    expect(rejected).toEqual([]);
    expect(unitsFor(last, 'civ-legislative-2011/infantry-company')).toBe(2);
    expect(unitsFor(last, 'civ-legislative-2011/formed-police-unit')).toBe(1);
    for (const loan of last.loans) {
      expect(loan.fromMission).toBe('UNMIL');
      expect(loan.coverage).toBe(1);
      expect(Date.parse(loan.arriveBy)).toBeLessThanOrEqual(Date.parse('2011-12-05T00:00:00Z'));
    }
  });
});
