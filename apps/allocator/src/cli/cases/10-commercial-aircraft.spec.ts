import { loansFor, runCase, unmetFor } from './case-runner';

const DEMAND = 'tai-2012/utility-helicopter';

describe('case 10: commercial aircraft', () => {
  it('lends aircraft with the inter-mission clause without any contributor consent', async () => {
    const { last, rejected, world } = await runCase('10-commercial-aircraft.jsonl');
    expect(rejected).toEqual([]);
    expect(world.consents().filter((c) => c.kind === 'contributor')).toEqual([]);
    const loans = loansFor(last, DEMAND);
    const unitIds = loans.flatMap((l) => l.unitIds).sort();
    expect(unitIds).toEqual(['UNMIL-uh-COMMERCIAL-01', 'UNMIL-uh-COMMERCIAL-02']);
    expect(loans.every((l) => l.contributor === 'COMMERCIAL' && l.pending.length === 0)).toBe(true);
  });

  it('never proposes aircraft without the clause', async () => {
    const { proposals } = await runCase('10-commercial-aircraft.jsonl');
    for (const p of proposals) {
      const ids = p.loans.flatMap((l) => l.unitIds);
      expect(ids).not.toContain('UNMIL-uh-COMMERCIAL-03');
      expect(ids).not.toContain('UNMIL-uh-COMMERCIAL-04');
    }
    const last = proposals[proposals.length - 1];
    // The two without the clause are ruled out; the two with it are lent, and UNMIL keeps the rest.
    expect(unmetFor(last, DEMAND)?.reasons).toEqual([
      { missionId: 'UNMIL', reason: 'consent-missing', detail: 'commercial utility-helicopter contract has no inter-mission clause' },
      { missionId: 'UNMIL', reason: 'reserve-floor', detail: 'held 4, available 4, already proposed 2, floor 2' },
    ]);
  });
});
