import { buildModel } from '../model-builder';
import { demand, floorRow, group, pair, problem, termsOf, valuesOf, violation } from '../testing/problem-fixture';
import { reserveFloors } from './reserve-floor.constraint';

describe('reserveFloors', () => {
  const world = problem({
    groups: [group('A/1', 'A', 3), group('A/2', 'A', 3)],
    demands: [demand('d1', 'X', 4)],
    pairs: [pair('A/1', 'd1'), pair('A/2', 'd1')],
    floorRows: [floorRow('A', ['A/1', 'A/2'], 2), floorRow('B', ['B/1'], 1)],
  });
  const built = buildModel(world);
  const rows = reserveFloors(world, built.vars);

  it('counts every group of the mission and capability against available minus floor', () => {
    expect(termsOf(built, rows[0])).toEqual({ 'y[A/1|d1]': 1, 'y[A/2|d1]': 1 });
    expect(rows[0].upper).toBe(2);
  });

  it('penalizes taking a donor below its floor by the units too many', () => {
    expect(violation(rows[0], valuesOf(built, { 'y[A/1|d1]': 2, 'y[A/2|d1]': 1 }))).toBe(1);
  });

  it('drops a row that touches no candidate pair', () => {
    expect(rows).toHaveLength(1);
  });

  it('treats a negative limit as zero, so lending nothing stays feasible', () => {
    const over = problem({ ...world, floorRows: [floorRow('A', ['A/1'], -2)] });
    const [row] = reserveFloors(over, buildModel(over).vars);
    expect(row.upper).toBe(0);
  });
});
