import { group, pairContext } from './check.fixture';
import { receiving } from './receiving.check';

describe('check: receiving', () => {
  it('refuses a unit the recipient has no room for, personnel or aircraft', () => {
    expect(receiving.check(pairContext({ room: { personnel: 100, aircraft: 10 } }))).toEqual({ reason: 'receiving-capacity', detail: 'UNOCI cannot receive: 150 personnel > room for 100' });
    const heli = { ...group, personnel: 10, aircraft: 1 };
    expect(receiving.check(pairContext({ group: heli, room: { personnel: 100, aircraft: 0 } }))).toEqual({ reason: 'receiving-capacity', detail: 'UNOCI cannot receive: 1 aircraft > room for 0' });
  });
  it('passes a unit that fits', () => {
    expect(receiving.check(pairContext())).toBeUndefined();
  });
});
