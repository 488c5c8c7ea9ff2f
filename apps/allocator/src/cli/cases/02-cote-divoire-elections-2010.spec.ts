import { loansFor, runCase, unitsFor } from './case-runner';

describe("case 2: Cote d'Ivoire elections, late 2010", () => {
  it('proposes three companies and the helicopters from UNMIL, each with a return date', async () => {
    const { last, rejected } = await runCase('02-cote-divoire-elections-2010.jsonl');
    expect(rejected).toEqual([]);
    expect(unitsFor(last, 'civ-elections-2010/infantry-company')).toBe(3);
    expect(unitsFor(last, 'civ-elections-2010/attack-helicopter')).toBe(3);
    expect(last.unmet).toEqual([]);
    for (const loan of last.loans) {
      expect(loan.fromMission).toBe('UNMIL');
      expect(loan.pending).toEqual([]);
      // window end 2011-03-31 plus 14 days of demobilisation
      expect(loan.returnBy).toBe('2011-04-14T00:00:00.000Z');
    }
    expect(loansFor(last, 'civ-elections-2010/infantry-company').every((l) => l.contributor === 'PAK')).toBe(true);
  });

  it('keeps UNMIL at or above its floors for what it lends', async () => {
    const { last } = await runCase('02-cote-divoire-elections-2010.jsonl');
    for (const p of last.posture.filter((e) => e.missionId === 'UNMIL' && e.proposedOut > 0)) {
      expect(p.available - p.proposedOut).toBeGreaterThanOrEqual(p.floor);
    }
  });
});
