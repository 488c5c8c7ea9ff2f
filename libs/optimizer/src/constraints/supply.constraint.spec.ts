import { buildModel } from '../model-builder';
import { demand, group, pair, problem, termsOf, valuesOf, violation } from '../testing/problem-fixture';
import { groupSupply } from './supply.constraint';

describe('groupSupply', () => {
  const world = problem({
    groups: [group('A/1', 'A', 2), group('A/2', 'A', 5)],
    demands: [demand('d1', 'X', 2), demand('d2', 'Y', 2)],
    pairs: [pair('A/1', 'd1'), pair('A/1', 'd2')],
  });
  const built = buildModel(world);
  const rows = groupSupply(world, built.vars);

  it('caps what one group sends to all demands together at its unit count', () => {
    expect(rows).toHaveLength(1);
    expect(termsOf(built, rows[0])).toEqual({ 'y[A/1|d1]': 1, 'y[A/1|d2]': 1 });
    expect(rows[0].upper).toBe(2);
  });

  it('penalizes lending the same group twice over', () => {
    expect(violation(rows[0], valuesOf(built, { 'y[A/1|d1]': 2, 'y[A/1|d2]': 1 }))).toBe(1);
    expect(violation(rows[0], valuesOf(built, { 'y[A/1|d1]': 1, 'y[A/1|d2]': 1 }))).toBe(0);
  });
});
