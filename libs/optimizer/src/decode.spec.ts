import { decodeLoans } from './decode';
import { demand, group, pair, problem } from './testing/problem-fixture';

describe('decodeLoans', () => {
  const world = problem({
    groups: [group('A/1', 'A', 4)],
    demands: [demand('d1', 'X', 2), demand('d2', 'Y', 2)],
    pairs: [pair('A/1', 'd1', 1, 1000), pair('A/1', 'd2', 1, 1000)],
  });

  it('gives each demand its own units, first come first served in problem order', () => {
    const loans = decodeLoans(world, [2, 1]);
    expect(loans.map((loan) => [loan.demandId, loan.unitIds])).toEqual([
      ['d1', ['A/1-u1', 'A/1-u2']],
      ['d2', ['A/1-u3']],
    ]);
  });

  it('scales the per-unit costs by the quantity', () => {
    const [loan] = decodeLoans(world, [2, 0]);
    expect(loan.quantity).toBe(2);
    expect(loan.cost).toEqual({ transfer: 1000, sustainmentPerDay: 20, total: 2000 });
  });

  it('names loans deterministically from demand and units', () => {
    const first = decodeLoans(world, [2, 1]).map((loan) => loan.loanId);
    const again = decodeLoans(world, [2, 1]).map((loan) => loan.loanId);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(2);
    expect(decodeLoans(world, [1, 1])[0].loanId).not.toBe(first[0]);
  });
});
