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
    expect(last.asOf.startsWith('2012-11-25')).toBe(true);
    expect(unmetFor(last, 'unmiss-helicopters-2012')?.reasons).toContainEqual(expect.objectContaining({ missionId: 'MONUSCO', reason: 'donor-in-crisis' }));
  });
});
