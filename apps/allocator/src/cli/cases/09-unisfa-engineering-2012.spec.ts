import { runCase, unitsFor, unmetFor } from './case-runner';

const CRISIS = 'unisfa-accommodation-2012';

describe('case 9: UNISFA, 2012', () => {
  it('lends heavy engineering equipment but holds the engineering unit back as a caution capability', async () => {
    const { proposals } = await runCase('09-unisfa-engineering-2012.jsonl');
    const first = proposals.find((p) => p.asOf.startsWith('2012-02-15'));
    expect(first).toBeDefined();
    if (!first) return;
    expect(unitsFor(first, `${CRISIS}/heavy-engineering-equipment`)).toBe(4);
    expect(unitsFor(first, `${CRISIS}/engineering-unit`)).toBe(0);
    expect(unmetFor(first, `${CRISIS}/engineering-unit`)?.reasons).toEqual([
      expect.objectContaining({ missionId: 'UNAMID', reason: 'caution-capability' }),
    ]);
  });

  it('proposes the engineering unit once the demand allows it', async () => {
    const { last, rejected } = await runCase('09-unisfa-engineering-2012.jsonl');
    expect(rejected).toEqual([]);
    expect(unitsFor(last, `${CRISIS}/engineering-unit`)).toBe(1);
    expect(unitsFor(last, `${CRISIS}/heavy-engineering-equipment`)).toBe(4);
  });
});
