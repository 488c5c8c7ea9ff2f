import { buildModel } from '../model-builder';
import { demand, group, pair, problem, termsOf, valuesOf, violation } from '../testing/problem-fixture';
import { changeTracking } from './change-tracking.constraint';

describe('changeTracking', () => {
  const world = problem({
    groups: [group('A/1', 'A', 3), group('B/1', 'B', 3)],
    demands: [demand('d1', 'X', 3)],
    pairs: [pair('A/1', 'd1'), pair('B/1', 'd1')],
    previous: { 'A/1|d1': 2, 'Z/9|d1': 1 },
  });
  const built = buildModel(world);
  const rows = changeTracking(world, built.vars);

  it('adds a drop variable only for pairs the previous proposal used', () => {
    expect(rows).toHaveLength(1);
    expect(termsOf(built, rows[0])).toEqual({ 'y[A/1|d1]': 1, 'drop[A/1|d1]': 1 });
    expect(rows[0].lower).toBe(2);
  });

  it('forces drop to count the units taken away from the previous plan', () => {
    expect(violation(rows[0], valuesOf(built, { 'y[A/1|d1]': 0, 'drop[A/1|d1]': 1 }))).toBe(1);
    expect(violation(rows[0], valuesOf(built, { 'y[A/1|d1]': 0, 'drop[A/1|d1]': 2 }))).toBe(0);
    expect(violation(rows[0], valuesOf(built, { 'y[A/1|d1]': 2 }))).toBe(0);
  });
});
