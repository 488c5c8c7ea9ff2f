import type { RenewalDue } from '@imc/contracts';
import { consentLabel, ConsentResolution } from '../consent.rule';
import type { NaturalEnd } from '../loan-term.rule';
import { DAY_MS, isoDay, toMs } from '../time.util';
import type { LoanRecord } from '../world.state';
import { cmp } from './compare';

export interface RenewalInputs {
  asOf: string;
  /** policy.renewalNoticeDays. */
  noticeDays: number;
  /** Every loan the world holds. */
  loans: readonly LoanRecord[];
  /** Per loan under way: its natural end and its consents resolved at asOf (loan-book loanTerms). */
  terms: ReadonlyMap<string, { natural: NaturalEnd; consents: readonly ConsentResolution[] }>;
  /** Only loans touching a mission of this scope (`global`: all). */
  inScope(missionId: string): boolean;
}

/**
 * (v3) The consents to renew before they end an approved loan early, in loan then item order. A
 * consent is listed for a loan under way (not returned, recalled or lapsed) when its validUntil is
 * before the loan's natural end (the demand window's end + demobilization, within maxLoanDays of
 * arrival), from `noticeDays` before that validUntil until the natural end: once past it, the
 * loan is due back at the validUntil and a renewal still moves it (loan-book.ts). A refused or
 * withdrawn consent is not listed: the loan lapses (recalls).
 */
export function renewalsDueOf(x: RenewalInputs): RenewalDue[] {
  const now = toMs(x.asOf);
  const out: RenewalDue[] = [];
  for (const l of [...x.loans].sort((a, b) => cmp(a.loanId, b.loanId))) {
    if (l.returnedAt !== undefined || l.recalledAt !== undefined || l.lapsedAt !== undefined) continue;
    if (!x.inScope(l.fromMission) && !x.inScope(l.toMission)) continue;
    const term = x.terms.get(l.loanId);
    if (!term) continue;
    const natural = toMs(term.natural.until);
    if (now >= natural) continue;
    for (const c of term.consents) {
      if ((c.state !== 'granted' && c.state !== 'expired') || c.record?.validUntil === undefined) continue;
      const until = toMs(c.record.validUntil);
      if (until >= natural || now < until - x.noticeDays * DAY_MS) continue;
      const item = consentLabel(c);
      const ref = c.record.reference ? ` (${c.record.reference})` : '';
      const ends = `${item}${ref} valid until ${isoDay(c.record.validUntil)} ends ${l.quantity} ${l.capability} ${l.fromMission}->${l.toMission} before its natural end ${isoDay(term.natural.until)} (${term.natural.why})`;
      const days = Math.ceil((until - now) / DAY_MS);
      const when = until >= now ? `renew within ${days} d` : `expired ${-days} d ago, the loan is due back; renewed, its return date moves with it`;
      out.push({ loanId: l.loanId, item, validUntil: new Date(until).toISOString(), returnBy: l.returnBy, detail: `${ends}: ${when}` });
    }
  }
  return out;
}
