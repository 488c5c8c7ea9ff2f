import { pairContext } from './check.fixture';
import { floor } from './floor.check';

describe('check: floor', () => {
  it('refuses a donor with nothing above its floor and passes one with a unit to spare', () => {
    expect(floor.check(pairContext({ posture: { held: 6, available: 3, onLoanOut: 0, floor: 3 } }))).toEqual({ reason: 'reserve-floor', detail: 'held 6, available 3, already proposed 0, floor 3' });
    expect(floor.check(pairContext({ posture: { held: 6, available: 4, onLoanOut: 0, floor: 3 } }))).toBeUndefined();
  });
});
