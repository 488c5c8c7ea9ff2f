import { donorContext } from './check.fixture';
import { noUnits } from './no-units.check';

describe('check: no units', () => {
  it('says a donor with nothing at home is at its floor, with the posture', () => {
    const c = donorContext({ groups: [], posture: { held: 4, available: 0, committed: 0, onLoanOut: 3, floor: 1 } });
    expect(noUnits.check(c)).toEqual({ reason: 'reserve-floor', detail: 'held 4, available 0 (3 on loan out), already proposed 0, floor 1' });
  });
  it('passes a donor with a lendable group', () => {
    expect(noUnits.check(donorContext())).toBeUndefined();
  });
});
