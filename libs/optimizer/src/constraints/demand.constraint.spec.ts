import { buildModel } from '../model-builder';
import { demand, group, pair, problem, termsOf, valuesOf, violation } from '../testing/problem-fixture';
import { demandCoverage } from './demand.constraint';

describe('demandCoverage', () => {
  const world = problem({
    groups: [group('A/1', 'A', 3), group('B/1', 'B', 2)],
    demands: [demand('d1', 'X', 4), demand('d2', 'X', 1)],
    pairs: [pair('A/1', 'd1'), pair('B/1', 'd1')],
  });
  const built = buildModel(world);
  const [d1, d2] = demandCoverage(world, built.vars);

  it('equates the units sent plus the shortfall with the quantity', () => {
    expect(termsOf(built, d1)).toEqual({ 'y[A/1|d1]': 1, 'y[B/1|d1]': 1, 'short[d1]': 1 });
    expect([d1.lower, d1.upper]).toEqual([4, 4]);
  });

  it('is broken by a plan that over-delivers, and held by one that declares its shortfall', () => {
    expect(violation(d1, valuesOf(built, { 'y[A/1|d1]': 3, 'y[B/1|d1]': 2 }))).toBe(1);
    expect(violation(d1, valuesOf(built, { 'y[A/1|d1]': 3, 'short[d1]': 1 }))).toBe(0);
  });

  it('leaves a demand without candidates entirely short', () => {
    expect(termsOf(built, d2)).toEqual({ 'short[d2]': 1 });
    expect(violation(d2, valuesOf(built, { 'short[d2]': 1 }))).toBe(0);
  });
});
