import type { Loan, LoanStatus } from './model';

/**
 * The order of the loans page: what needs a planner first (overdue, then a lapsed consent or a
 * recommended recall, then due), then loans running, then the finished ones; within a status the
 * earliest return date first.
 */
const URGENCY: Record<LoanStatus, number> = {
  overdue: 0,
  'consent-lapsed': 1,
  'recall-recommended': 2,
  due: 3,
  active: 4,
  approved: 5,
  recalled: 6,
  returned: 7,
};

export function orderLoans<T extends Pick<Loan, 'status' | 'returnBy' | 'loanId'>>(loans: readonly T[]): T[] {
  return [...loans].sort((a, b) => (URGENCY[a.status] ?? 9) - (URGENCY[b.status] ?? 9) || a.returnBy.localeCompare(b.returnBy) || a.loanId.localeCompare(b.loanId));
}

/** A loan can still be returned or recalled until it is returned or recalled. */
export function isOpen(status: LoanStatus): boolean {
  return status !== 'returned' && status !== 'recalled';
}
