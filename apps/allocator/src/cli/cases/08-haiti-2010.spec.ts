import { runCase, unitsFor, unmetFor } from './case-runner';

const CRISIS = 'haiti-earthquake-2010';

describe('case 8: Haiti, 2010', () => {
  it('lets cargo aircraft reach across the ocean', async () => {
    const { last, rejected } = await runCase('08-haiti-2010.jsonl');
    expect(rejected).toEqual([]);
    expect(unitsFor(last, `${CRISIS}/cargo-aircraft`)).toBe(2);
    const [loan] = last.loans;
    expect(loan.fromMission).toBe('MONUSCO');
    expect(loan.distanceKm).toBeGreaterThan(9000);
  });

  it('keeps helicopters and troops out of range', async () => {
    const { last } = await runCase('08-haiti-2010.jsonl');
    for (const capability of ['utility-helicopter', 'infantry-company']) {
      expect(unitsFor(last, `${CRISIS}/${capability}`)).toBe(0);
      const unmet = unmetFor(last, `${CRISIS}/${capability}`);
      const reach = capability === 'utility-helicopter' ? 2800 : 3000;
      expect(unmet?.reasons).toEqual([{ missionId: 'MONUSCO', reason: 'out-of-range', detail: `distance 9911 km > reach ${reach} km for ${capability}` }]);
    }
  });
});
