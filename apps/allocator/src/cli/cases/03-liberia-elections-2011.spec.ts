import { runCase, unitsFor, unmetFor } from './case-runner';

describe('case 3: Liberian elections, October 2011', () => {
  it('does not read the UNMIL-to-UNOCI authorization as covering UNOCI to UNMIL', async () => {
    const { proposals } = await runCase('03-liberia-elections-2011.jsonl');
    const before = proposals.find((p) => p.asOf.startsWith('2011-09-01'));
    expect(before?.loans).toEqual([]);
    const unmet = before && unmetFor(before, 'lbr-elections-2011/formed-police-unit');
    // v3: the reason names the consent items the pair lacks.
    expect(unmet?.reasons).toEqual([{ missionId: 'UNOCI', reason: 'consent-missing', detail: 'no council UNSC consent on record for UNOCI to UNMIL', consents: ['council:UNSC'] }]);
  });

  it('proposes a company and a formed police unit from UNOCI once the Council covers that direction', async () => {
    const { last, rejected } = await runCase('03-liberia-elections-2011.jsonl');
    expect(rejected).toEqual([]);
    expect(unitsFor(last, 'lbr-elections-2011/infantry-company')).toBe(1);
    expect(unitsFor(last, 'lbr-elections-2011/formed-police-unit')).toBe(1);
    expect(last.loans.every((l) => l.fromMission === 'UNOCI' && l.toMission === 'UNMIL')).toBe(true);
    expect(last.unmet).toEqual([]);
  });
});
