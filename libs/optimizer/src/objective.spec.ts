import { objectiveValue } from './linear-model';
import { buildModel } from './model-builder';
import { demand, group, pair, problem, valuesOf } from './testing/problem-fixture';

describe('objective', () => {
  const world = problem({
    groups: [group('A/1', 'A', 3)],
    demands: [demand('d1', 'X', 2, 6)],
    pairs: [pair('A/1', 'd1', 0.75, 2_000_000)],
    previous: { 'A/1|d1': 1, 'gone|d1': 2 },
    weights: { shortfall: 1000, cost: 1e-6, change: 20 },
  });
  const built = buildModel(world);
  const cost = (name: string) => built.model.variables.find((variable) => variable.name === name)?.cost;

  it('charges W * weight per unit of shortfall', () => {
    expect(cost('short[d1]')).toBe(6000);
  });

  it('charges a loan for the part of the window it misses, plus its money', () => {
    expect(cost('y[A/1|d1]')).toBeCloseTo(1000 * 6 * 0.25 + 2, 9);
  });

  it('charges the change weight per unit dropped, and a constant for pairs that no longer exist', () => {
    expect(cost('drop[A/1|d1]')).toBe(20);
    expect(built.model.objectiveOffset).toBe(40);
  });

  it('makes covering always cheaper than leaving short', () => {
    const lend = objectiveValue(built.model, valuesOf(built, { 'y[A/1|d1]': 2 }));
    const idle = objectiveValue(built.model, valuesOf(built, { 'short[d1]': 2, 'drop[A/1|d1]': 1 }));
    expect(lend).toBeLessThan(idle);
  });
});
