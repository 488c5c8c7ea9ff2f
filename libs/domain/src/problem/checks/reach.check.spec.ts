import { DEFAULT_POLICY } from '../../policy.defaults';
import { pairContext } from './check.fixture';
import { reach } from './reach.check';

describe('check: reach', () => {
  it('passes at the reach and refuses beyond it, rounding the distance it names', () => {
    expect(reach.check(pairContext({ distanceKm: 3000 }))).toBeUndefined();
    expect(reach.check(pairContext({ distanceKm: 3000.6 }))).toEqual({ reason: 'out-of-range', detail: 'distance 3001 km > reach 3000 km for infantry-company' });
  });
  it('refuses a capability the policy gives no reach', () => {
    expect(reach.check(pairContext({ capabilityPolicy: undefined, policy: DEFAULT_POLICY }))).toEqual({ reason: 'out-of-range', detail: 'distance 760 km > no reach set for infantry-company' });
  });
});
