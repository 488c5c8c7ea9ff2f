import { diffPlans } from './plan-diff';
import { orderLoans } from './loan-order';

const loan = (loanId: string, demandId = 'd1') => ({ loanId, demandId, quantity: 1 }) as never;
const unmet = (demandId: string, shortfall: number) => ({ demandId, missionId: 'M', shortfall }) as never;

describe('diffPlans', () => {
  it('matches loans by id and compares each demand shortfall', () => {
    const d = diffPlans({ loans: [loan('a'), loan('b')], unmet: [unmet('d1', 2), unmet('d2', 1)] }, { loans: [loan('b'), loan('c')], unmet: [unmet('d2', 3), unmet('d3', 1)] });
    expect(d.added.map((l) => l.loanId)).toEqual(['c']);
    expect(d.removed.map((l) => l.loanId)).toEqual(['a']);
    expect(d.kept.map((l) => l.loanId)).toEqual(['b']);
    expect(d.shortfall).toEqual([
      { demandId: 'd1', missionId: 'M', before: 2, after: 0, change: -2 },
      { demandId: 'd2', missionId: 'M', before: 1, after: 3, change: 2 },
      { demandId: 'd3', missionId: 'M', before: 0, after: 1, change: 1 },
    ]);
    expect(d.totalShortfall).toEqual({ before: 3, after: 4 });
  });
});

describe('orderLoans', () => {
  it('puts overdue loans first and finished ones last, earliest return first within a status', () => {
    const l = (loanId: string, status: string, returnBy: string) => ({ loanId, status, returnBy }) as never;
    const ordered = orderLoans([l('r', 'returned', '2012-01-01'), l('a2', 'active', '2012-05-01'), l('o', 'overdue', '2012-08-03'), l('a1', 'active', '2012-03-01'), l('p', 'approved', '2012-01-01')]);
    expect(ordered.map((x: { loanId: string }) => x.loanId)).toEqual(['o', 'a1', 'a2', 'p', 'r']);
  });
});
