import { consentLabel, ConsentResolution } from './consent.rule';
import { addDaysMs, isoDay, toMs } from './time.util';

/**
 * (v3) How long an approved loan may stay: its natural end, and what its consents allow.
 *
 * The natural end is the one a proposal gives a loan no consent caps: the demand window's end plus
 * demobilization, never more than maxLoanDays after the loan's arrival. maxLoanDays counts from
 * `arriveBy`, not from the approval: a loan approved a month before its units arrive is not a month
 * shorter on the ground, and a renewed loan ends where the proposal said it would end if renewed.
 */

export interface TermPolicy {
  demobilizationDays: number;
  maxLoanDays: number;
}

export interface NaturalEnd {
  until: string;
  /** e.g. "window end 2011-03-01 + 14 d demobilization", "180 d from arrival 2010-12-10". */
  why: string;
}

export function naturalEnd(arriveBy: string, windowEnd: string | undefined, policy: TermPolicy): NaturalEnd {
  const byLength = addDaysMs(arriveBy, policy.maxLoanDays);
  const lengthWhy = `maxLoanDays ${policy.maxLoanDays} from arrival ${isoDay(arriveBy)}`;
  if (windowEnd === undefined) return { until: new Date(byLength).toISOString(), why: lengthWhy };
  const byWindow = addDaysMs(windowEnd, policy.demobilizationDays);
  if (byWindow <= byLength) return { until: new Date(byWindow).toISOString(), why: `window end ${isoDay(windowEnd)} + ${policy.demobilizationDays} d demobilization` };
  return { until: new Date(byLength).toISOString(), why: lengthWhy };
}

/** What the consents a loan relies on allow, read from their resolutions at one moment. */
export interface ConsentTerm {
  /**
   * The first consent (contributor, host-state, council order) not granted now, and why: pending
   * (a renewal asked for is not a renewal given), refused, withdrawn, expired or missing.
   */
  blocking?: { item: string; state: ConsentResolution['state']; reference?: string; validUntil?: string };
  /** The earliest validUntil among the consents, with the items ending there (undefined: none dated). */
  validity?: { until: string; items: string[]; references: Record<string, string> };
}

export function consentTerm(resolutions: readonly ConsentResolution[]): ConsentTerm {
  const term: ConsentTerm = {};
  for (const r of resolutions) {
    if (r.state === 'granted') continue;
    term.blocking = { item: consentLabel(r), state: r.state, ...(r.record?.reference ? { reference: r.record.reference } : {}), ...(r.record?.validUntil ? { validUntil: new Date(toMs(r.record.validUntil)).toISOString() } : {}) };
    break;
  }
  let earliest: number | undefined;
  const items: string[] = [];
  let references: Record<string, string> = {};
  for (const r of resolutions) {
    if (r.record?.validUntil === undefined) continue;
    const ms = toMs(r.record.validUntil);
    if (earliest === undefined || ms < earliest) {
      earliest = ms;
      items.length = 0;
      references = {};
    }
    if (ms === earliest) {
      items.push(consentLabel(r));
      if (r.record.reference) references[consentLabel(r)] = r.record.reference;
    }
  }
  if (earliest !== undefined) term.validity = { until: new Date(earliest).toISOString(), items, references };
  return term;
}

/** A consent item in a planner's words: "the Security Council's authorization (S/RES/1951 (2010))". */
export function consentWords(item: string, reference?: string): string {
  const [kind, party] = item.split(':');
  const ref = reference ? `, ${reference}` : '';
  if (kind === 'council') return `the Security Council's authorization (${item}${ref})`;
  if (kind === 'host-state') return `the host state ${party}'s consent (${item}${ref})`;
  if (kind === 'contributor') return `the contributor ${party}'s consent (${item}${ref})`;
  return `${item}${ref}`;
}

/**
 * Where a loan whose returnBy a consent capped goes once its consents allow more: to the earlier
 * of its natural end and the consents' new validity, only ever later, and only while every
 * consent holds. `cappedBy` of the answer names the consents that still cap it (none once the
 * natural end is reached). Undefined: the loan stays as it is.
 */
export function renewedReturnBy(loan: { returnBy: string; cappedBy?: readonly string[] }, natural: NaturalEnd, consents: ConsentTerm): { returnBy: string; cappedBy?: string[] } | undefined {
  if (!loan.cappedBy || loan.cappedBy.length === 0 || consents.blocking) return undefined;
  const limit = capAt(natural, consents);
  if (toMs(limit.returnBy) <= toMs(loan.returnBy)) return undefined;
  return limit;
}

/** The latest return date the consents and the natural end allow together, and what caps it there. */
function capAt(natural: NaturalEnd, consents: ConsentTerm): { returnBy: string; cappedBy?: string[] } {
  const v = consents.validity;
  if (v !== undefined && toMs(v.until) < toMs(natural.until)) return { returnBy: v.until, cappedBy: [...v.items] };
  return { returnBy: natural.until };
}

export type ExtensionVerdict =
  | { ok: true; returnBy: string; cappedBy?: string[] }
  | { ok: false; kind: 'not-later' | 'consent' | 'limit'; reason: string };

/**
 * An approver's extension of a running loan to `requested`: later than its returnBy, with every
 * consent holding, not past the earliest validUntil (the refusal names the consent to renew, in
 * words), nor past the loan's natural end. `cappedBy` of an accepted one names the consents whose
 * validUntil it reaches, so that their renewal moves the loan on.
 */
export function extensionVerdict(loan: { loanId: string; returnBy: string }, requested: string, natural: NaturalEnd, consents: ConsentTerm): ExtensionVerdict {
  const to = toMs(requested);
  const day = isoDay(requested);
  if (to <= toMs(loan.returnBy)) {
    return { ok: false, kind: 'not-later', reason: `loan ${loan.loanId} already returns by ${isoDay(loan.returnBy)}; an extension moves its return date later than that` };
  }
  const b = consents.blocking;
  if (b) {
    const state = b.state === 'expired' ? `expired on ${isoDay(b.validUntil ?? '')}` : b.state === 'missing' ? 'not on record' : b.state === 'pending' ? 'pending, not granted' : b.state;
    return { ok: false, kind: 'consent', reason: `loan ${loan.loanId} cannot be extended to ${day}: ${consentWords(b.item, b.reference)} is ${state}; renew it first` };
  }
  const v = consents.validity;
  if (v !== undefined && to > toMs(v.until)) {
    const which = v.items.map((item) => consentWords(item, v.references[item])).join(' and ');
    return { ok: false, kind: 'consent', reason: `loan ${loan.loanId} cannot return by ${day}: ${which} ${v.items.length > 1 ? 'are' : 'is'} valid until ${isoDay(v.until)}; renew ${v.items.length > 1 ? 'them' : 'it'} to extend past that date` };
  }
  if (to > toMs(natural.until)) {
    return { ok: false, kind: 'limit', reason: `loan ${loan.loanId} cannot return by ${day}: it must be back by ${isoDay(natural.until)} (${natural.why})` };
  }
  const cappedBy = v !== undefined && to === toMs(v.until) ? { cappedBy: [...v.items] } : {};
  return { ok: true, returnBy: new Date(to).toISOString(), ...cappedBy };
}
