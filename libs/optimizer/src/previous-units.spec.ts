import { hasPreviousUnits, previousUnitsOf } from './previous-units';
import { pairKey } from './problem-index';

describe('previousUnitsOf', () => {
  it('finds the units of the pairs the previous proposal lent on, and none for the others', () => {
    const of = previousUnitsOf({ previous: { 'UNMIL:infantry:BGD|D1': 2, 'UNOCI:helicopter:PAK|D2': 1 } });
    expect(of({ groupId: 'UNMIL:infantry:BGD', demandId: 'D1' })).toBe(2);
    expect(of({ groupId: 'UNOCI:helicopter:PAK', demandId: 'D2' })).toBe(1);
    expect(of({ groupId: 'UNMIL:infantry:BGD', demandId: 'D2' })).toBeUndefined();
    expect(of({ groupId: 'UNOCI:helicopter:PAK', demandId: 'D1' })).toBeUndefined();
  });

  it('reads a pair exactly as its key would, where the ids themselves hold a "|"', () => {
    const pairs = [
      { groupId: 'g|1', demandId: 'd' },
      { groupId: 'g', demandId: '1|d' },
      { groupId: 'g', demandId: 'x|y|z' },
      { groupId: 'g|x', demandId: 'y' },
      { groupId: 'a', demandId: 'b' },
    ];
    const previous = { 'g|1|d': 3, 'g|x|y|z': 4, '|': 5, 'a|': 6 };
    const of = previousUnitsOf({ previous });
    for (const pair of pairs) expect(of(pair)).toBe(previous[pairKey(pair) as keyof typeof previous]);
    expect(of({ groupId: '', demandId: '' })).toBe(5);
    expect(of({ groupId: 'a', demandId: '' })).toBe(6);
  });

  it('reads the record as it is at the call', () => {
    const previous: Record<string, number> = { 'g|d': 1 };
    expect(previousUnitsOf({ previous })({ groupId: 'g', demandId: 'd' })).toBe(1);
    previous['g|d'] = 2;
    expect(previousUnitsOf({ previous })({ groupId: 'g', demandId: 'd' })).toBe(2);
  });

  it('says whether a problem has previous units at all', () => {
    expect(hasPreviousUnits({ previous: {} })).toBe(false);
    expect(hasPreviousUnits({ previous: { 'g|d': 1 } })).toBe(true);
  });
});
