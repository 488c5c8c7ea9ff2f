import { objectiveValue } from './linear-model';
import { buildModel } from './model-builder';
import { demand, group, pair, problem, valuesOf } from './testing/problem-fixture';

/** One company pair to a demand of 2 units (weight 6), with the previous proposal's units on it. */
const worldWith = (previousUnits: number) =>
  problem({
    groups: [group('A/1', 'A', 3)],
    demands: [demand('d1', 'X', 2, 6)],
    pairs: [pair('A/1', 'd1', 0.75, 2_000_000)],
    previous: { 'A/1|d1': previousUnits, 'gone|d1': 2 },
    weights: { shortfall: 1000, cost: 1e-6, change: 20 },
  });

describe('objective', () => {
  const world = worldWith(1);
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

  it('prices the churn of a pair kept whole per unit of y, with no drop variable, at the same value for every plan', () => {
    // previous 2 = the most the pair can lend (demand asks 2): drop = 2 - y whatever the plan.
    const model = buildModel(worldWith(2));
    expect(model.model.variables.map((variable) => variable.name)).toEqual(['y[A/1|d1]', 'short[d1]']);
    expect(model.model.variables[0].cost).toBeCloseTo(1000 * 6 * 0.25 + 2 - 20, 9);
    // 40 for the stale pair, 40 for the two units of the pair kept whole.
    expect(model.model.objectiveOffset).toBe(80);
    // The same objective as drop >= previous - y would give: y = 0 drops 2, y = 1 drops 1, y = 2 none.
    const unit = 1000 * 6 * 0.25 + 2;
    for (const y of [0, 1, 2]) {
      const value = objectiveValue(model.model, valuesOf(model, { 'y[A/1|d1]': y, 'short[d1]': 2 - y }));
      expect(value).toBeCloseTo(y * unit + (2 - y) * 6000 + 20 * (2 - y) + 40, 6);
    }
  });
});
