import type { TimeWindow } from '@imc/contracts';
import { addDaysMs, plusDaysMs, toMs } from './time.util';

/** What ends a loan's stay early: its maximum length, and the earliest validUntil of its consents. */
export interface StayLimits {
  maxLoanDays?: number;
  consentsValidUntil?: string;
}

/**
 * Share of the demand window a loan is there for: from max(arrival, start) to the earliest of
 * the window's end, arrival + maxLoanDays and the consents' validUntil, over the window's length,
 * clipped to [0, 1]. A unit that must leave after 180 days does not cover a year-long window.
 * The arrival as an RFC 3339 time or in epoch milliseconds (a plan dates thousands of pairs, each
 * arrival a time of its own: reading them back from text was a share of the problem build).
 */
export function coverage(arrival: string | number, window: TimeWindow, limits: StayLimits = {}): number {
  const start = toMs(window.start);
  const end = toMs(window.end);
  if (end <= start) return 0;
  const arrivalMs = instantMs(arrival);
  const from = Math.max(arrivalMs, start);
  let until = end;
  if (limits.maxLoanDays !== undefined) until = Math.min(until, plusDaysMs(arrivalMs, limits.maxLoanDays));
  if (limits.consentsValidUntil !== undefined) until = Math.min(until, toMs(limits.consentsValidUntil));
  const f = (until - from) / (end - start);
  return Math.min(1, Math.max(0, f));
}

/**
 * The date a loan must be back: the window's end plus demobilisation, but never more than the
 * maximum loan length after arrival, because a loan is a stop-gap, not a transfer, and never
 * after the earliest validUntil of its consents.
 */
export function returnBy(arrival: string | number, window: TimeWindow, policy: { demobilizationDays: number; maxLoanDays: number }, consentsValidUntil?: string): string {
  const limit = Math.min(addDaysMs(window.end, policy.demobilizationDays), plusDaysMs(instantMs(arrival), policy.maxLoanDays));
  // Without its consents the loan has no legal basis: it ends there unless they are renewed.
  if (consentsValidUntil !== undefined && toMs(consentsValidUntil) < limit) return consentsValidUntil;
  return new Date(limit).toISOString();
}

/** An arrival given as an RFC 3339 time or in epoch milliseconds, in milliseconds. */
function instantMs(arrival: string | number): number {
  return typeof arrival === 'number' ? arrival : toMs(arrival);
}
