import { consentLabel, consentList } from '../../consent.rule';
import { isoDay } from '../../time.util';
import type { Check, PairContext } from '../eligibility';

/** Before any event, planning "now" is the epoch; an expired record without a date says so. */
const EPOCH = new Date(0).toISOString();

/**
 * The first consent that rules the loan out: a commercial contract without its inter-mission
 * clause, then each consent in contributor, host-state, council order. Pending consents pass:
 * they delay the loan, which timeliness judges.
 */
export const consents: Check<PairContext> = {
  name: 'consents',
  check: ({ consents: resolved, group, demand }) => {
    if (group.commercial && !resolved.clause) {
      return { reason: 'consent-missing', detail: `commercial ${group.capability} contract has no inter-mission clause` };
    }
    for (const c of consentList(resolved)) {
      const who = `${c.kind} ${c.party}`;
      const ref = c.record ? ` (${c.record.consentId})` : '';
      const item = [consentLabel(c)];
      switch (c.state) {
        case 'missing':
          return { reason: 'consent-missing', detail: `no ${who} consent on record for ${group.missionId} to ${demand.missionId}`, consents: item };
        case 'refused':
          return { reason: 'consent-refused', detail: `${who} refused${ref}`, consents: item };
        case 'withdrawn':
          return { reason: 'consent-refused', detail: `${who} withdrew consent${ref}`, consents: item };
        case 'expired':
          return { reason: 'consent-expired', detail: `${who} consent expired ${isoDay(c.record?.validUntil ?? EPOCH)}${ref}`, consents: item };
        default:
          break;
      }
    }
    return undefined;
  },
};
