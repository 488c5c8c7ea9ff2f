import type { LoanStatus } from '@imc/contracts';
import { addDays, toMs } from './time.util';

/**
 * Days after returnBy before a loan still out is flagged overdue: a return flight slipping a few
 * days is "due", not a breach of the donor's trust.
 */
export const OVERDUE_GRACE_DAYS = 7;

export interface LoanTimes {
  arriveBy: string;
  returnBy: string;
  returnedAt?: string;
  /** A planner ended the loan early (imc.loan.recalled). */
  recalledAt?: string;
  /** A consent it relied on was refused, withdrawn or expired while it ran. */
  lapsedAt?: string;
}

/**
 * Status of an approved loan at asOf: approved until it arrives, active until its return date,
 * due from then, overdue after the grace period; returned once the return is recorded. A loan whose
 * lender has an open shortfall of the capability that the returning units would relieve
 * (recall.rule.ts, v3) is recommended for recall, whatever its schedule, because the lender now
 * needs its units back (the loan "moved the gap"). What ended a loan outranks its schedule:
 * returned, then recalled, then consent-lapsed (a loan without its legal basis is not "active").
 */
export function loanStatusAt(loan: LoanTimes, asOf: string, lenderShort: boolean, graceDays = OVERDUE_GRACE_DAYS): LoanStatus {
  if (loan.returnedAt !== undefined) return 'returned';
  if (loan.recalledAt !== undefined) return 'recalled';
  if (loan.lapsedAt !== undefined) return 'consent-lapsed';
  if (lenderShort) return 'recall-recommended';
  const now = toMs(asOf);
  if (now < toMs(loan.arriveBy)) return 'approved';
  if (now < toMs(loan.returnBy)) return 'active';
  if (now <= toMs(addDays(loan.returnBy, graceDays))) return 'due';
  return 'overdue';
}
