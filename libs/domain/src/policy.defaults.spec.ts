import { DEFAULT_POLICY, mergePolicy } from './policy.defaults';

describe('DEFAULT_POLICY', () => {
  it('defines reach and cost for every capability', () => {
    expect(Object.keys(DEFAULT_POLICY.capabilities)).toHaveLength(11);
  });

  it('keeps helicopters regional and cargo aircraft far-reaching', () => {
    expect(DEFAULT_POLICY.capabilities['utility-helicopter']?.maxDistanceKm).toBeLessThan(9000);
    expect(DEFAULT_POLICY.capabilities['utility-helicopter']?.maxDistanceKm).toBeGreaterThan(2100);
    expect(DEFAULT_POLICY.capabilities['cargo-aircraft']?.maxDistanceKm).toBeGreaterThan(10000);
  });

  it('weighs the smallest useful coverage above the costliest loan', () => {
    let maxCost = 0;
    for (const c of Object.values(DEFAULT_POLICY.capabilities)) {
      if (!c) continue;
      maxCost = Math.max(maxCost, c.transferCostPerKm * c.maxDistanceKm + c.sustainmentPerDay * DEFAULT_POLICY.maxLoanDays);
    }
    const { shortfall, cost } = DEFAULT_POLICY.weights;
    expect(shortfall * DEFAULT_POLICY.minCoverage).toBeGreaterThan(10 * cost * maxCost);
  });
});

describe('mergePolicy', () => {
  it('fills what an event leaves out from the defaults', () => {
    const merged = mergePolicy({ version: 3, maxLoanDays: 90 });
    expect(merged.version).toBe(3);
    expect(merged.maxLoanDays).toBe(90);
    expect(merged.minCoverage).toBe(DEFAULT_POLICY.minCoverage);
    expect(merged.capabilities['cargo-aircraft']).toEqual(DEFAULT_POLICY.capabilities['cargo-aircraft']);
  });

  it('(v3) gives renewalNoticeDays 21 by default and takes an event\'s own', () => {
    expect(mergePolicy({}).renewalNoticeDays).toBe(21);
    expect(mergePolicy({ renewalNoticeDays: 30 }).renewalNoticeDays).toBe(30);
    expect(mergePolicy({ renewalNoticeDays: 0 }).renewalNoticeDays).toBe(0);
  });

  it('(v3) states costs in USD by default and takes an event\'s own currency, not an earlier one\'s', () => {
    expect(DEFAULT_POLICY.currency).toBe('USD');
    const euros = mergePolicy({ currency: 'EUR' });
    expect(euros.currency).toBe('EUR');
    expect(mergePolicy({ version: 4 }, DEFAULT_POLICY).currency).toBe('USD');
  });

  it('merges capability entries and weights field by field', () => {
    const merged = mergePolicy({ capabilities: { 'cargo-aircraft': { maxDistanceKm: 5000 } }, weights: { change: 1 } });
    expect(merged.capabilities['cargo-aircraft']).toEqual({ ...DEFAULT_POLICY.capabilities['cargo-aircraft'], maxDistanceKm: 5000 });
    expect(merged.weights).toEqual({ ...DEFAULT_POLICY.weights, change: 1 });
  });

  it('replaces lists rather than appending to them', () => {
    const merged = mergePolicy({ cautionCapabilities: [], reserveFloors: [{ missionId: 'UNMIL', capability: '*', minFraction: 0.2, minCount: 0 }] });
    expect(merged.cautionCapabilities).toEqual([]);
    expect(merged.reserveFloors).toHaveLength(1);
  });

  it('does not let a merge mutate the defaults', () => {
    const merged = mergePolicy({});
    merged.reserveFloors[0].minCount = 99;
    merged.cautionCapabilities.push('civilian-team');
    expect(DEFAULT_POLICY.reserveFloors[0].minCount).toBe(1);
    expect(DEFAULT_POLICY.cautionCapabilities).not.toContain('civilian-team');
  });
});
