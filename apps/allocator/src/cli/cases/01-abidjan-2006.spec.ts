import { loansFor, runCase, unmetFor } from './case-runner';

const DEMAND = 'abidjan-2006/infantry-company';

describe('case 1: Abidjan, January 2006', () => {
  it('does not propose the company whose contributor consent comes too late, and says why', async () => {
    const { last, rejected } = await runCase('01-abidjan-2006.jsonl');
    expect(rejected).toEqual([]);
    const loans = loansFor(last, DEMAND);
    expect(loans.map((l) => l.contributor)).toEqual(['NGA']);
    expect(loans.some((l) => l.contributor === 'PAK')).toBe(false);

    const unmet = unmetFor(last, DEMAND);
    expect(unmet?.shortfall).toBe(1);
    // The PAK companies are too late; the one NGA company that was not is already proposed.
    expect(unmet?.reasons).toEqual([
      { missionId: 'UNMIL', reason: 'no-units', detail: 'no units left to lend' },
      { missionId: 'UNMIL', reason: 'too-late', detail: 'contributor PAK consent pending 45 d + transit 2 d: arrival 2006-03-06 after window end 2006-02-28', consents: ['contributor:PAK'] },
    ]);
  });

  it('proposes the other contributor with consent granted, within reach and on notice', async () => {
    const { last } = await runCase('01-abidjan-2006.jsonl');
    const [loan] = loansFor(last, DEMAND);
    expect(loan).toMatchObject({ fromMission: 'UNMIL', toMission: 'UNOCI', quantity: 1, pending: [], criticalPath: 'notice' });
    expect(loan.distanceKm).toBeLessThan(800);
    expect(loan.coverage).toBeGreaterThan(0.7);
    expect(loan.coverage).toBeLessThan(1);
  });
});
