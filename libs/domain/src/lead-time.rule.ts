import type { CapabilityPolicy } from '@imc/contracts';
import { consentLabel, ConsentResolution } from './consent.rule';
import { addDaysMs } from './time.util';

export interface LeadTime {
  noticeDays: number;
  /** Longest pending delay among the contributor and host-state consents. */
  consentDays: number;
  /** Pending delay of the Council's authorization. */
  authorizationDays: number;
  transitDays: number;
  /** max(notice, consent, authorization) + transit. */
  totalDays: number;
  /** `notice`, or the label of the pending consent whose delay sets the arrival. */
  criticalPath: string;
  /** Labels of the pending consents, e.g. `contributor:PAK`. */
  pending: string[];
}

/**
 * Days of movement. Rounded up to whole days: a move is planned in days, and a fraction of a day
 * of flying still costs the day of staging around it.
 */
export function transitDays(distanceKm: number, capability: Pick<CapabilityPolicy, 'transitKmPerDay'>): number {
  return Math.ceil(distanceKm / capability.transitKmPerDay);
}

/**
 * Lead time of a loan: the unit's notice to move runs in parallel with the consents still pending
 * (the contributor's, the host state's, the Council's), and the move starts when the longest of
 * them is over. The critical path names that longest item; notice when no pending delay exceeds it;
 * among equal pending delays the first in contributor, host-state, council order.
 */
export function leadTime(noticeDays: number, consents: readonly ConsentResolution[], transit: number): LeadTime {
  const pending = consents.filter((c) => c.state === 'pending');
  let consentDays = 0;
  let authorizationDays = 0;
  let criticalPath = 'notice';
  let longest = noticeDays;
  for (const c of pending) {
    if (c.kind === 'council') authorizationDays = Math.max(authorizationDays, c.delayDays);
    else consentDays = Math.max(consentDays, c.delayDays);
    if (c.delayDays > longest) {
      longest = c.delayDays;
      criticalPath = consentLabel(c);
    }
  }
  return {
    noticeDays,
    consentDays,
    authorizationDays,
    transitDays: transit,
    totalDays: longest + transit,
    criticalPath,
    pending: pending.map(consentLabel),
  };
}

export function arrivalAt(asOf: string, lead: Pick<LeadTime, 'totalDays'>): string {
  return new Date(arrivalAtMs(asOf, lead)).toISOString();
}

/** arrivalAt in epoch milliseconds, for the dating that follows it (coverage, return). */
export function arrivalAtMs(asOf: string, lead: Pick<LeadTime, 'totalDays'>): number {
  return addDaysMs(asOf, lead.totalDays);
}
