import { consentLabel, consentList, ConsentResolution } from '../../consent.rule';
import { isoDay } from '../../time.util';
import type { Check, PairContext, Verdict } from '../eligibility';

/** Before any event, planning "now" is the epoch; an expired record without a date says so. */
const EPOCH = new Date(0).toISOString();

/**
 * Why one consent rules the loan out, in a planner's words; undefined when it does not. The words
 * are written only for a consent that does: most pairs lack none, and every pair is checked.
 */
function lacking(c: ConsentResolution, from: string, to: string): { reason: Verdict['reason']; detail: string } | undefined {
  switch (c.state) {
    case 'missing':
      return { reason: 'consent-missing', detail: `no ${who(c)} consent on record for ${from} to ${to}` };
    case 'refused':
      return { reason: 'consent-refused', detail: `${who(c)} refused${ref(c)}${only(c)}` };
    case 'withdrawn':
      return { reason: 'consent-refused', detail: `${who(c)} withdrew consent${ref(c)}${only(c)}` };
    case 'expired':
      return { reason: 'consent-expired', detail: `${who(c)} consent expired ${isoDay(c.record?.validUntil ?? EPOCH)}${ref(c)}` };
    default:
      return undefined;
  }
}

const who = (c: ConsentResolution) => `${c.kind} ${c.party}`;
const ref = (c: ConsentResolution) => (c.record ? ` (${c.record.consentId})` : '');
/** (v3) A record that names contributors is an objection (or a grant) for their units alone. */
const only = (c: ConsentResolution) => (c.record?.contributors ? `, for ${c.record.contributors.join(', ')} units` : '');

/**
 * The consents that rule the loan out: a commercial contract without its inter-mission clause, then
 * every consent in contributor, host-state, council order that is missing, refused, withdrawn or
 * expired (v3: the whole bundle, not only the first; securing one of two gains nothing). The
 * reason is the first one's. Pending consents pass: they delay the loan, which timeliness judges.
 */
export const consents: Check<PairContext> = {
  name: 'consents',
  check: ({ consents: resolved, group, demand }) => {
    if (group.commercial && !resolved.clause) {
      return { reason: 'consent-missing', detail: `commercial ${group.capability} contract has no inter-mission clause` };
    }
    let lacks: { item: string; why: NonNullable<ReturnType<typeof lacking>> }[] | undefined;
    for (const c of consentList(resolved)) {
      const why = lacking(c, group.missionId, demand.missionId);
      if (why) (lacks ??= []).push({ item: consentLabel(c), why });
    }
    if (!lacks) return undefined;
    return { reason: lacks[0].why.reason, detail: lacks.map((l) => l.why.detail).join('; '), consents: lacks.map((l) => l.item) };
  },
};
