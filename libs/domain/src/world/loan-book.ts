import type { Loan, LoanExtended, LoanRecalled, LoanReturned, LoanStatus } from '@imc/contracts';
import { ConsentIndex, consentList, ConsentResolution, indexConsents, loanConsents } from '../consent.rule';
import { loanStatusAt } from '../loan-lifecycle.rule';
import { ConsentTerm, consentTerm, extensionVerdict, ExtensionVerdict, NaturalEnd, naturalEnd, renewedReturnBy } from '../loan-term.rule';
import { addDays, isoDay, toMs } from '../time.util';
import { demandWindow, openDemands } from './queries';
import { remainingNeed } from '../problem/need';
import { OwnNeed, ownNeedsOf, reliefOf } from '../recall.rule';
import { ApplyResult, byKey, LoanRecord, WorldData, WorldSnapshot } from './world-data';

/**
 * The loans planners approved, from approval to return: a return or a recall ends one, a consent
 * that stops holding lapses it, and its status moves with time. A loan that changes is replaced by
 * a new record (LoanRecord entries are read-only), so a holder of the old one sees it unchanged.
 */

export function applyReturn(s: WorldData, r: LoanReturned): ApplyResult {
  const loan = s.loans.get(r.loanId);
  if (!loan) return { status: 'rejected', reason: `unknown loan ${r.loanId}` };
  if (loan.returnedAt !== undefined) return { status: 'rejected', reason: `loan ${r.loanId} already returned ${loan.returnedAt}` };
  s.loans.set(loan.loanId, { ...loan, returnedAt: new Date(toMs(r.returnedAt)).toISOString() });
  return { status: 'applied', notes: [] };
}

/**
 * A recall ends a loan early: it stops counting toward its demand at once, and its units are
 * lendable at home once they have travelled back. A returned or recalled loan cannot be recalled.
 */
export function applyRecall(s: WorldData, r: LoanRecalled): ApplyResult {
  const loan = s.loans.get(r.loanId);
  if (!loan) return { status: 'rejected', reason: `unknown loan ${r.loanId}` };
  if (loan.returnedAt !== undefined) return { status: 'rejected', reason: `loan ${r.loanId} already returned ${loan.returnedAt}` };
  if (loan.recalledAt !== undefined) return { status: 'rejected', reason: `loan ${r.loanId} already recalled ${loan.recalledAt}` };
  const recalledAt = new Date(toMs(r.recalledAt)).toISOString();
  s.loans.set(loan.loanId, { ...loan, recalledAt, recallReason: r.reason, homeAt: addDays(recalledAt, loan.transitDays) });
  return { status: 'applied', notes: [] };
}

/** (v3) A loan's natural end and its consents' term at asOf: what renewals and extensions read. */
export interface LoanTerm {
  natural: NaturalEnd;
  consents: ConsentResolution[];
  term: ConsentTerm;
}

/** Neither returned, recalled nor lapsed: the loan is under way (approved, active, due or overdue). */
function underWay(l: Readonly<LoanRecord>): boolean {
  return l.returnedAt === undefined && l.recalledAt === undefined && l.lapsedAt === undefined;
}

/** The consents a loan relies on, resolved at asOf; undefined when its borrower is unknown. */
function resolvedConsents(s: WorldSnapshot, loan: Readonly<LoanRecord>, asOf: string, consents: () => ConsentIndex): ConsentResolution[] | undefined {
  const hostState = s.missions.get(loan.toMission)?.hostState;
  if (hostState === undefined) return undefined;
  return consentList(
    loanConsents(
      consents(),
      { fromMission: loan.fromMission, toMission: loan.toMission, capability: loan.capability, contributor: loan.contributor, commercial: loan.commercial, interMissionClause: loan.interMissionClause, hostState },
      asOf,
    ),
  );
}

/**
 * (v3) The loan's natural end: the demand's window end (its current one while the world holds the
 * demand, else the one at approval) plus demobilization, within maxLoanDays of its arrival
 * (loan-term.rule.ts), under the current policy.
 */
export function naturalEndOf(s: WorldSnapshot, loan: Readonly<LoanRecord>): NaturalEnd {
  return naturalEnd(loan.arriveBy, demandWindow(s, loan.demandId)?.end ?? loan.windowEnd, s.policy);
}

function termOf(s: WorldSnapshot, loan: Readonly<LoanRecord>, asOf: string, consents: () => ConsentIndex): LoanTerm | undefined {
  const resolved = resolvedConsents(s, loan, asOf, consents);
  return resolved ? { natural: naturalEndOf(s, loan), consents: resolved, term: consentTerm(resolved) } : undefined;
}

/** (v3) The term of every loan under way at asOf, by loan id (consents indexed once). */
export function loanTerms(s: WorldSnapshot): Map<string, LoanTerm> {
  const out = new Map<string, LoanTerm>();
  if (s.asOf === undefined) return out;
  let index: ConsentIndex | undefined;
  const consents = () => (index ??= indexConsents(s.consents.values()));
  for (const l of [...s.loans.values()].sort(byKey((x) => x.loanId))) {
    if (!underWay(l)) continue;
    const t = termOf(s, l, s.asOf, consents);
    if (t) out.set(l.loanId, t);
  }
  return out;
}

/**
 * (v3) Whether an approver may extend a loan to `returnBy` at asOf: it must be under way, the date
 * later than its returnBy, every consent holding and valid until then, and no later than its
 * natural end. The API answers with this verdict before it publishes imc.loan.extended; the world
 * applies the event with the same one.
 */
export function extensionCheck(s: WorldSnapshot, loanId: string, returnBy: string, at: string): ExtensionVerdict | { ok: false; kind: 'unknown' | 'not-under-way'; reason: string } {
  const loan = s.loans.get(loanId);
  if (!loan) return { ok: false, kind: 'unknown', reason: `unknown loan ${loanId}` };
  if (loan.returnedAt !== undefined) return { ok: false, kind: 'not-under-way', reason: `loan ${loanId} is not under way: it was returned on ${isoDay(loan.returnedAt)}` };
  if (loan.recalledAt !== undefined) return { ok: false, kind: 'not-under-way', reason: `loan ${loanId} is not under way: it was recalled on ${isoDay(loan.recalledAt)}` };
  if (loan.lapsedAt !== undefined) {
    return { ok: false, kind: 'not-under-way', reason: `loan ${loanId} is not under way: it lapsed on ${isoDay(loan.lapsedAt)} (${loan.lapsedBecause ?? 'a consent lapsed'}); a new approval is needed` };
  }
  const term = termOf(s, loan, at, () => indexConsents(s.consents.values()));
  if (!term) return { ok: false, kind: 'consent', reason: `loan ${loanId}: its borrower ${loan.toMission} is unknown, so its consents cannot be checked` };
  return extensionVerdict(loan, returnBy, term.natural, term.term);
}

/**
 * (v3) imc.loan.extended: moves a running loan's returnBy later when extensionCheck allows it at
 * the event's time, stamped with that time and the approver's reason; refused with the check's
 * reason otherwise (the API checked the same before publishing, so a refusal here means the
 * world changed in between).
 */
export function applyExtension(s: WorldData, e: LoanExtended, time: string): ApplyResult {
  const at = s.asOf !== undefined && toMs(s.asOf) > toMs(time) ? s.asOf : time;
  const verdict = extensionCheck(s, e.loanId, e.returnBy, at);
  if (!verdict.ok) return { status: 'rejected', reason: verdict.reason };
  const loan = s.loans.get(e.loanId);
  if (!loan) return { status: 'rejected', reason: `unknown loan ${e.loanId}` };
  const { cappedBy: _old, ...rest } = loan;
  s.loans.set(loan.loanId, {
    ...rest,
    returnBy: verdict.returnBy,
    ...(verdict.cappedBy ? { cappedBy: verdict.cappedBy } : {}),
    extendedAt: time,
    extensionReason: e.reason,
    version: loan.version + 1,
  });
  s.changedLoanIds.add(loan.loanId);
  return { status: 'applied', notes: [] };
}

/**
 * (v3) A loan whose returnBy a consent capped moves later when that consent is renewed (a new
 * version with a later validUntil, or granted without one): to the earlier of its natural end and
 * the consents' validity now. Undefined: it stays.
 */
function renewalOf(s: WorldSnapshot, loan: Readonly<LoanRecord>, asOf: string, consents: () => ConsentIndex): Pick<LoanRecord, 'returnBy' | 'cappedBy'> | undefined {
  if (!loan.cappedBy || loan.cappedBy.length === 0 || !underWay(loan)) return undefined;
  const term = termOf(s, loan, asOf, consents);
  return term ? renewedReturnBy(loan, term.natural, term.term) : undefined;
}

/**
 * A loan still running (not yet due) whose consents no longer hold has lost its legal basis: the
 * first refusal, withdrawal or expiry found is what lapses it (undefined: it does not lapse now).
 * A loan once lapsed stays lapsed from then on.
 */
function lapseOf(s: WorldSnapshot, loan: Readonly<LoanRecord>, asOf: string, consents: () => ConsentIndex): { lapsedAt: string; lapsedBecause: string } | undefined {
  if (loan.returnedAt !== undefined || loan.recalledAt !== undefined || loan.lapsedAt !== undefined) return undefined;
  if (toMs(asOf) >= toMs(loan.returnBy)) return undefined;
  const resolved = resolvedConsents(s, loan, asOf, consents);
  if (resolved === undefined) return undefined;
  for (const c of resolved) {
    const ref = c.record ? ` (${c.record.consentId})` : '';
    const because =
      c.state === 'refused'
        ? `${c.kind} ${c.party} refused${ref}`
        : c.state === 'withdrawn'
          ? `${c.kind} ${c.party} withdrew consent${ref}`
          : c.state === 'expired'
            ? `${c.kind} ${c.party} consent expired ${isoDay(c.record?.validUntil ?? asOf)}${ref}`
            : undefined;
    if (because) return { lapsedAt: asOf, lapsedBecause: because };
  }
  return undefined;
}

/** Recomputes every loan's status at asOf; a change bumps its version and queues an update. */
export function refreshLoans(s: WorldData): void {
  const asOf = s.asOf;
  if (asOf === undefined) return;
  // Indexed once per refresh, and only if a running loan needs its consents checked.
  let index: ConsentIndex | undefined;
  const consents = () => (index ??= indexConsents(s.consents.values()));
  // The lenders' own shortfalls, read once per refresh and only while some loan runs.
  let needs: OwnNeed[] | undefined;
  const lenderNeeds = () => (needs ??= ownNeeds(s));
  for (const held of s.loans.values()) {
    // A renewal first: a loan it moves past asOf is running again, not due.
    const renewed = renewalOf(s, held, asOf, consents);
    const loan = renewed ? withRenewal(held, renewed) : held;
    const lapse = lapseOf(s, loan, asOf, consents);
    const checked = lapse ? { ...loan, ...lapse } : loan;
    const running = checked.returnedAt === undefined && checked.recalledAt === undefined && checked.lapsedAt === undefined;
    const lenderShort = running && reliefOf(loan, asOf, lenderNeeds()).length > 0;
    const status: LoanStatus = loanStatusAt(checked, asOf, lenderShort);
    if (loan.version === 0 || status !== loan.status || renewed) {
      // Replacing the entry of the key being visited: the iteration goes on with the next one.
      // A moved returnBy bumps the version too, so that imc.loan.updated carries the new date.
      s.loans.set(loan.loanId, { ...checked, status, version: loan.version + 1 });
      s.changedLoanIds.add(loan.loanId);
    } else if (checked !== loan) {
      s.loans.set(loan.loanId, checked);
    }
  }
}

function withRenewal(loan: Readonly<LoanRecord>, renewed: Pick<LoanRecord, 'returnBy' | 'cappedBy'>): LoanRecord {
  const { cappedBy: _old, ...rest } = loan;
  return { ...rest, returnBy: renewed.returnBy, ...(renewed.cappedBy ? { cappedBy: [...renewed.cappedBy] } : {}) };
}

/**
 * (v3) Every open demand with what of it is still short: its quantity less the units of the loans
 * that count toward it (not returned, recalled or lapsed). The recall rule reads it.
 */
export function ownNeeds(s: WorldSnapshot): OwnNeed[] {
  const counting = [...s.loans.values()].filter((l) => l.returnedAt === undefined && l.recalledAt === undefined && l.lapsedAt === undefined);
  return ownNeedsOf(openDemands(s), remainingNeed(counting));
}

/** Loans created or whose status changed since the last call, sorted by id (to publish as imc.loan.updated). */
export function takeLoanUpdates(s: WorldData): Loan[] {
  const ids = [...s.changedLoanIds].sort();
  s.changedLoanIds.clear();
  return ids.map((id) => s.loans.get(id)).filter((l): l is Readonly<LoanRecord> => l !== undefined).map(toLoan);
}

/** Every approved loan, returned ones included, sorted by id: copies the caller may keep. */
export function loans(s: WorldSnapshot): LoanRecord[] {
  return [...s.loans.values()].sort(byKey((l) => l.loanId)).map((l) => structuredClone(l));
}

/** An approved loan (returned ones included) as a copy, or undefined. */
export function loan(s: WorldSnapshot, loanId: string): LoanRecord | undefined {
  const found = s.loans.get(loanId);
  return found ? structuredClone(found) : undefined;
}

/** Every loan as the contract's Loan (what imc.loans carries), sorted by id. */
export function contractLoans(s: WorldSnapshot): Loan[] {
  return [...s.loans.values()].sort(byKey((l) => l.loanId)).map(toLoan);
}

/** Loans whose units are still away from home: not returned, and not recalled and back yet. */
export function outstandingLoans(s: WorldSnapshot): LoanRecord[] {
  return loans(s).filter((l) => isAway(s, l));
}

/**
 * Loans that count toward their demand: not returned, recalled or lapsed. A lapsed loan's units
 * may still be at the borrower, but without its consents it is no answer to the demand.
 */
export function countingLoans(s: WorldSnapshot): LoanRecord[] {
  return loans(s).filter((l) => l.returnedAt === undefined && l.recalledAt === undefined && l.lapsedAt === undefined);
}

export function unitsOnLoan(s: WorldSnapshot): Set<string> {
  const out = new Set<string>();
  for (const l of s.loans.values()) if (isAway(s, l)) for (const id of l.unitIds) out.add(id);
  return out;
}

function isAway(s: WorldSnapshot, l: Readonly<LoanRecord>): boolean {
  if (l.returnedAt !== undefined) return false;
  return l.homeAt === undefined || s.asOf === undefined || toMs(s.asOf) < toMs(l.homeAt);
}

function toLoan(l: Readonly<LoanRecord>): Loan {
  const loan: Loan & { returnedAt?: string } = {
    loanId: l.loanId,
    demandId: l.demandId,
    unitIds: [...l.unitIds],
    fromMission: l.fromMission,
    toMission: l.toMission,
    capability: l.capability,
    quantity: l.quantity,
    approvedAt: l.approvedAt,
    arriveBy: l.arriveBy,
    returnBy: l.returnBy,
    status: l.status,
    version: l.version,
  };
  if (l.returnedAt !== undefined) loan.returnedAt = l.returnedAt;
  return loan;
}
