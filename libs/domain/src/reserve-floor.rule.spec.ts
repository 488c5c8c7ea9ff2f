import type { ReserveFloorRule } from '@imc/contracts';
import { floorRuleFor, lendableAboveFloor, reserveFloor } from './reserve-floor.rule';

const rules: ReserveFloorRule[] = [
  { missionId: '*', capability: '*', minFraction: 0.5, minCount: 1 },
  { missionId: '*', capability: 'utility-helicopter', minFraction: 0.25, minCount: 2 },
  { missionId: 'MONUSCO', capability: '*', minFraction: 0.75, minCount: 0 },
  { missionId: 'UNMIL', capability: 'infantry-company', minFraction: 0.4, minCount: 3 },
];

describe('floorRuleFor', () => {
  it('prefers an exact mission and capability', () => {
    expect(floorRuleFor(rules, 'UNMIL', 'infantry-company')).toBe(rules[3]);
  });

  it('ranks an exact mission above an exact capability', () => {
    expect(floorRuleFor(rules, 'MONUSCO', 'utility-helicopter')).toBe(rules[2]);
  });

  it('falls back to the capability rule, then the wildcard', () => {
    expect(floorRuleFor(rules, 'UNMISS', 'utility-helicopter')).toBe(rules[1]);
    expect(floorRuleFor(rules, 'UNMISS', 'cargo-aircraft')).toBe(rules[0]);
    expect(floorRuleFor([], 'UNMISS', 'cargo-aircraft')).toBeUndefined();
  });
});

describe('reserveFloor', () => {
  it('takes the larger of the count and the rounded-up fraction', () => {
    expect(reserveFloor(rules, 'UNOCI', 'infantry-company', 6)).toBe(3);
    expect(reserveFloor(rules, 'UNOCI', 'infantry-company', 7)).toBe(4);
    expect(reserveFloor(rules, 'UNOCI', 'infantry-company', 1)).toBe(1);
    expect(reserveFloor(rules, 'UNMIL', 'infantry-company', 5)).toBe(3);
  });

  it('no longer adds the mission own open demand (v3: lending during it is priced as a moved gap)', () => {
    // 8 held: the rule's max(minCount, ceil(fraction x 8)) alone, 6 as it was before v3 less the demand of 3.
    expect(reserveFloor(rules, 'MONUSCO', 'utility-helicopter', 8)).toBe(6);
  });

  it('is zero without any rule or demand', () => {
    expect(reserveFloor([], 'UNMIL', 'infantry-company', 10)).toBe(0);
  });
});

describe('lendableAboveFloor', () => {
  it('never goes below zero', () => {
    expect(lendableAboveFloor(4, 4)).toBe(0);
    expect(lendableAboveFloor(2, 4)).toBe(0);
    expect(lendableAboveFloor(8, 5)).toBe(3);
  });
  it('lets committed units at home keep the floor while only available ones go (v3)', () => {
    expect(lendableAboveFloor(4, 22, 40)).toBe(4);
    expect(lendableAboveFloor(4, 42, 40)).toBe(2);
    expect(lendableAboveFloor(0, 1, 40)).toBe(0);
  });
});
