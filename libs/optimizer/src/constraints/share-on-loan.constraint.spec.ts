import { buildModel } from '../model-builder';
import { demand, group, pair, problem, shareRow, termsOf, valuesOf, violation } from '../testing/problem-fixture';
import { shareOnLoan } from './share-on-loan.constraint';

describe('shareOnLoan', () => {
  const world = problem({
    groups: [group('A/inf', 'A', 3, { personnel: 150 }), group('A/obs', 'A', 4, { personnel: 12, capability: 'military-observer-team' })],
    demands: [demand('d1', 'X', 3), demand('d2', 'X', 4, 1, 'military-observer-team')],
    pairs: [pair('A/inf', 'd1'), pair('A/obs', 'd2')],
    shareRows: [shareRow('A', { 'A/inf': 150, 'A/obs': 12 }, 320)],
  });
  const built = buildModel(world);
  const [row] = shareOnLoan(world, built.vars);

  it('weighs each unit by its personnel, across capabilities of the donor', () => {
    expect(termsOf(built, row)).toEqual({ 'y[A/inf|d1]': 150, 'y[A/obs|d2]': 12 });
    expect(row.upper).toBe(320);
  });

  it('penalizes lending more people than the share allows', () => {
    expect(violation(row, valuesOf(built, { 'y[A/inf|d1]': 2, 'y[A/obs|d2]': 2 }))).toBe(4);
    expect(violation(row, valuesOf(built, { 'y[A/inf|d1]': 2, 'y[A/obs|d2]': 1 }))).toBe(0);
  });
});
