import { pairContext } from './check.fixture';
import { floor } from './floor.check';

describe('check: floor', () => {
  it('refuses a donor with nothing above its floor and passes one with a unit to spare', () => {
    expect(floor.check(pairContext({ posture: { held: 6, available: 3, committed: 0, onLoanOut: 0, floor: 3 } }))).toEqual({ reason: 'reserve-floor', detail: 'held 6, available 3, already proposed 0, floor 3' });
    expect(floor.check(pairContext({ posture: { held: 6, available: 4, committed: 0, onLoanOut: 0, floor: 3 } }))).toBeUndefined();
  });

  it('counts committed units at home toward the floor, lending only available ones (v3)', () => {
    // UNMIL: 44 held, 40 committed at home and 4 available, floor 22. The floor is kept by the 44
    // at home (44 - 22 = 22 above it), and only the 4 available can go: it lends up to 4.
    expect(floor.check(pairContext({ posture: { held: 44, available: 4, committed: 40, onLoanOut: 0, floor: 22 } }))).toBeUndefined();
    // 10 held, 2 available, 3 committed, 5 in maintenance, floor 5: 2 + 3 = 5 at home keep the floor exactly, none above it.
    expect(floor.check(pairContext({ posture: { held: 10, available: 2, committed: 3, onLoanOut: 0, floor: 5 } }))).toEqual({
      reason: 'reserve-floor',
      detail: 'held 10, available 2, committed 3 at home, already proposed 0, floor 5',
    });
  });
});
