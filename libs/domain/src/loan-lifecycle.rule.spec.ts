import { loanStatusAt } from './loan-lifecycle.rule';

const loan = { arriveBy: '2011-01-10T00:00:00Z', returnBy: '2011-03-01T00:00:00Z' };

describe('loanStatusAt', () => {
  it('walks approved, active, due, overdue with time', () => {
    expect(loanStatusAt(loan, '2011-01-01T00:00:00Z', false)).toBe('approved');
    expect(loanStatusAt(loan, '2011-01-10T00:00:00Z', false)).toBe('active');
    expect(loanStatusAt(loan, '2011-03-01T00:00:00Z', false)).toBe('due');
    expect(loanStatusAt(loan, '2011-03-08T00:00:00Z', false)).toBe('due');
    expect(loanStatusAt(loan, '2011-03-09T00:00:00Z', false)).toBe('overdue');
  });

  it('recommends recall when the donor is in crisis', () => {
    expect(loanStatusAt(loan, '2011-02-01T00:00:00Z', true)).toBe('recall-recommended');
  });

  it('stays returned once returned, crisis or not', () => {
    expect(loanStatusAt({ ...loan, returnedAt: '2011-02-20T00:00:00Z' }, '2011-04-01T00:00:00Z', true)).toBe('returned');
  });
});
