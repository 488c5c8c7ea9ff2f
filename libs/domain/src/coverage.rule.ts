import type { TimeWindow } from '@imc/contracts';
import { addDays, minIso, toMs } from './time.util';

/**
 * Share of the demand window a loan arriving at `arrival` covers:
 * (end - max(arrival, start)) / (end - start), clipped to [0, 1]. Arriving before the window opens
 * covers it all; arriving after it closes covers nothing.
 */
export function coverage(arrival: string, window: TimeWindow): number {
  const start = toMs(window.start);
  const end = toMs(window.end);
  if (end <= start) return 0;
  const f = (end - Math.max(toMs(arrival), start)) / (end - start);
  return Math.min(1, Math.max(0, f));
}

/**
 * The date a loan must be back: the window's end plus demobilisation, but never more than the
 * maximum loan length after arrival, because a loan is a stop-gap, not a transfer.
 */
export function returnBy(arrival: string, window: TimeWindow, policy: { demobilizationDays: number; maxLoanDays: number }): string {
  return minIso(addDays(window.end, policy.demobilizationDays), addDays(arrival, policy.maxLoanDays));
}
