import { greedyPlan } from './greedy';
import { demand, floorRow, group, pair, problem, receivingRow } from './testing/problem-fixture';

describe('greedyPlan', () => {
  it('serves the highest-weight demand first', () => {
    const plan = greedyPlan(
      problem({
        groups: [group('A/1', 'A', 2)],
        demands: [demand('low', 'X', 2, 1), demand('high', 'Y', 2, 9)],
        pairs: [pair('A/1', 'low'), pair('A/1', 'high')],
      }),
    );
    expect(plan).toEqual([0, 2]);
  });

  it('takes the donor that arrives in time before a cheaper late one', () => {
    const plan = greedyPlan(
      problem({
        groups: [group('A/1', 'A', 1), group('B/1', 'B', 1)],
        demands: [demand('d1', 'X', 1, 5)],
        pairs: [pair('A/1', 'd1', 0.5, 100), pair('B/1', 'd1', 1, 5_000_000)],
      }),
    );
    expect(plan).toEqual([0, 1]);
  });

  it('respects floors and the recipient capacity', () => {
    const plan = greedyPlan(
      problem({
        groups: [group('A/1', 'A', 4), group('B/1', 'B', 4)],
        demands: [demand('d1', 'X', 6, 5)],
        pairs: [pair('A/1', 'd1', 1, 100), pair('B/1', 'd1', 1, 200)],
        floorRows: [floorRow('A', ['A/1'], 1)],
        receivingRows: [receivingRow('X', ['d1'], 450)],
      }),
    );
    expect(plan).toEqual([1, 2]);
  });

  it('never lends a unit whose cost outweighs the cover it brings', () => {
    const plan = greedyPlan(
      problem({
        groups: [group('A/1', 'A', 1)],
        demands: [demand('d1', 'X', 1, 1)],
        pairs: [pair('A/1', 'd1', 0.001, 5_000_000)],
      }),
    );
    expect(plan).toEqual([0]);
  });
});
