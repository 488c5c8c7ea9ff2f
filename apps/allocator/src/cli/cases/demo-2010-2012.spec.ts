import { runCase, unmetFor } from './case-runner';

describe('demo world, 2010 to 2012', () => {
  it('replays cleanly: every decision finds its proposal, every return its loan', async () => {
    const { rejected, notes, world } = await runCase('demo-2010-2012.jsonl');
    expect(rejected).toEqual([]);
    expect(notes).toEqual([]);
    const loans = world.loans();
    expect(loans.length).toBeGreaterThanOrEqual(10);
    expect(new Set(loans.map((l) => `${l.fromMission}>${l.toMission}`))).toEqual(
      new Set(['UNMIL>UNOCI', 'UNOCI>UNMIL', 'MONUSCO>UNMISS', 'UNIFIL>UNSMIS', 'UNDOF>UNSMIS', 'UNAMID>UNSMIS']),
    );
  });

  it('ends with UNMISS short of helicopters while MONUSCO is in crisis', async () => {
    const { last } = await runCase('demo-2010-2012.jsonl');
    expect(last.asOf.startsWith('2012-11-26')).toBe(true);
    // v3: the reason names the crisis and its start against the loan's span (2012-11-26 + notice
    // and transit: arrival 2012-12-10; return at the window's end plus 14 days).
    expect(unmetFor(last, 'unmiss-helicopters-2012')?.reasons).toEqual([
      { missionId: 'MONUSCO', reason: 'donor-in-crisis', detail: 'MONUSCO is in crisis from 2012-11-20 (kivu-2012, security), during the loan (2012-12-10 to 2013-03-14), and keeps its utility-helicopter units' },
    ]);
  });

  it('ends with loans for MONUSCO left to review, one waiting on a contributor', async () => {
    const { last } = await runCase('demo-2010-2012.jsonl');
    expect(last.loans.map((l) => `${l.demandId} ${l.fromMission} ${l.quantity}`).sort()).toEqual([
      'goma-2012/formed-police-unit UNMISS 1',
      'goma-2012/infantry-company UNAMID 2',
      'goma-2012/infantry-company UNMISS 2',
    ]);
    expect(last.loans.find((l) => l.fromMission === 'UNAMID')?.pending).toEqual(['contributor:RWA']);
    // Measured to Goma, where the help is needed: 773 km from Juba, 1,755 km from El Fasher.
    expect(last.loans.map((l) => `${l.fromMission} ${l.distanceKm}`).sort()).toEqual(['UNAMID 1755', 'UNMISS 773', 'UNMISS 773']);
    expect(last.unmet.map((u) => u.demandId).sort()).toEqual(['kivu-2012/utility-helicopter', 'unmiss-helicopters-2012']);
  });

  it('asks for the observer teams UNSMIS never returned, and shows every loan with its status', async () => {
    const { last, world } = await runCase('demo-2010-2012.jsonl');
    expect(last.recalls.map((r) => [r.fromMission, r.toMission, r.reason, r.unitIds.length])).toEqual([
      ['UNDOF', 'UNSMIS', 'overdue', 3],
      ['UNAMID', 'UNSMIS', 'overdue', 5],
      ['UNIFIL', 'UNSMIS', 'overdue', 4],
    ]);
    const statuses = world.contractLoans().map((l) => l.status);
    expect(statuses.filter((s) => s === 'overdue')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'returned')).toHaveLength(7);
  });
});
