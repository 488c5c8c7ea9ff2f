import type { Decision, Proposal, ProposedLoan } from '@imc/contracts';
import { toMs } from '../time.util';
import { unitsOnLoan } from './loan-book';
import { ApprovalFacts, approvalBlocker } from '../approval.rule';
import { indexConsents } from '../consent.rule';
import { activeCrises, demandWindow } from './queries';
import { ApplyResult, KnownProposal, LoanRecord, LoanReview, WorldData, WorldSnapshot } from './world-data';

/**
 * The proposals published and the decisions planners took on them: a decision is resolved against
 * the proposal it names, approving loans into the loan book or recording the rejected pairings.
 */

/**
 * A published proposal: it becomes the newest, and its loans are kept by id for as long as the
 * world lives, so that a decision naming it resolves the same way whenever it is applied (live,
 * or after a restart that read every proposal first). Recording one already known (read back
 * from the topic) only makes it the newest again if it is the newest by version.
 *
 * Copied once (the ledger and the newest share the copy: neither is ever edited), and not at all
 * when the caller hands it over (`owned`: nothing else holds or edits it): a 120-mission dense
 * proposal took 50-90 ms of the allocator's event loop to copy twice.
 */
export function recordProposal(s: WorldData, proposal: Proposal, options: { owned?: boolean } = {}): void {
  const own = options.owned ? proposal : structuredClone(proposal);
  const known = s.proposals.get(proposal.proposalId);
  if (!known) s.proposals.set(proposal.proposalId, { proposalId: proposal.proposalId, asOf: proposal.asOf, loans: own.loans });
  if (s.latestProposal === undefined || proposal.version >= s.latestProposal.version) s.latestProposal = own;
}

/** The loan ids of a published proposal, or undefined when it was never published here. */
export function proposalLoans(s: WorldSnapshot, proposalId: string): { proposalId: string; loanIds: string[] } | undefined {
  const p = s.proposals.get(proposalId);
  return p ? { proposalId, loanIds: p.loans.map((l) => l.loanId) } : undefined;
}

/**
 * The newest proposal (in publish order) whose asOf is strictly before `time`: what a scenario
 * file's `latest` means at that time. Strictly before, so that live (where the debounce may have
 * planned early), after a restart (where every proposal is known first) and in `plan` it names
 * the same proposal.
 */
export function proposalBefore(s: WorldSnapshot, time: string): { proposalId: string; loanIds: string[] } | undefined {
  const t = toMs(time);
  let found: Readonly<KnownProposal> | undefined;
  for (const p of s.proposals.values()) if (toMs(p.asOf) < t) found = p;
  return found ? { proposalId: found.proposalId, loanIds: found.loans.map((l) => l.loanId) } : undefined;
}

/**
 * The one decision rule, the same live and at start-up: a decision is resolved against the
 * proposal it NAMES. Loans of that proposal are approved if their units are still available and
 * not on loan; loans it does not hold are ignored with a note; a decision none of whose loans
 * exist (or naming a proposal never published) is refused. The caller has checked its version.
 */
export function applyDecision(s: WorldData, d: Decision, time: string): ApplyResult {
  const proposal = s.proposals.get(d.proposalId);
  if (!proposal) {
    return { status: 'rejected', reason: `decision ${d.decisionId}: proposal ${d.proposalId} was never published` };
  }
  const notes: string[] = [];
  const found: ProposedLoan[] = [];
  const missing: string[] = [];
  for (const id of d.loanIds) {
    const loan = proposal.loans.find((l) => l.loanId === id);
    if (loan) found.push(loan);
    else missing.push(id);
  }
  if (found.length === 0) {
    return { status: 'rejected', reason: `decision ${d.decisionId}: loans not in proposal ${proposal.proposalId}: ${missing.join(', ')}` };
  }
  if (missing.length > 0) notes.push(`ignored loans not in proposal ${proposal.proposalId}: ${missing.join(', ')}`);
  // (v3) An approval is judged against the rules as they are now (approval.rule.ts); a decision
  // every loan of which they refuse is refused whole, with the reasons, as the API answers 409.
  const blocked = new Map<string, string>();
  if (d.decision === 'approved') {
    const facts = approvalFacts(s);
    for (const loan of found) {
      if (s.loans.has(loan.loanId)) continue;
      const why = approvalBlocker(facts, loan, time);
      if (why) blocked.set(loan.loanId, why);
    }
    if (blocked.size > 0 && blocked.size === found.filter((l) => !s.loans.has(l.loanId)).length && found.every((l) => !s.loans.has(l.loanId))) {
      return { status: 'rejected', reason: `decision ${d.decisionId}: ${[...blocked].map(([id, why]) => `loan ${id} cannot be approved: ${why}`).join('; ')}` };
    }
  }
  s.versions.set(`decision:${d.decisionId}`, d.version);
  s.decisions.push(structuredClone(d));
  const review: LoanReview = { decision: d.decision, decisionId: d.decisionId, proposalId: d.proposalId, reviewer: d.reviewer };

  if (d.decision === 'rejected') {
    for (const loan of found) {
      for (const unitId of loan.unitIds) s.rejectedPairings.add(`${unitId}|${loan.demandId}`);
      if (!s.loans.has(loan.loanId)) s.rejectedLoans.set(loan.loanId, review);
    }
    return { status: 'applied', notes };
  }
  const busy = unitsOnLoan(s);
  for (const loan of found) {
    if (s.loans.has(loan.loanId)) {
      notes.push(`loan ${loan.loanId} already approved`);
      continue;
    }
    const why = blocked.get(loan.loanId);
    if (why) {
      notes.push(`loan ${loan.loanId} refused: ${why}`);
      continue;
    }
    const units = loan.unitIds.map((id) => s.units.get(id));
    const unavailable = loan.unitIds.filter((id, i) => busy.has(id) || units[i]?.status !== 'available');
    if (unavailable.length > 0) {
      notes.push(`loan ${loan.loanId} ignored: units no longer available: ${unavailable.join(', ')}`);
      continue;
    }
    const record: LoanRecord = {
      loanId: loan.loanId,
      demandId: loan.demandId,
      unitIds: [...loan.unitIds],
      fromMission: loan.fromMission,
      toMission: loan.toMission,
      capability: loan.capability,
      quantity: loan.quantity,
      approvedAt: time,
      arriveBy: loan.arriveBy,
      returnBy: loan.returnBy,
      status: 'approved',
      version: 0,
      contributor: loan.contributor,
      personnel: units.reduce((n, u) => n + (u?.personnel ?? 0), 0),
      aircraft: units.reduce((n, u) => n + (u?.aircraft ?? 0), 0),
      coverage: loan.coverage,
      decisionId: d.decisionId,
      commercial: units.some((u) => u?.commercial === true),
      interMissionClause: units.every((u) => u?.interMissionClause === true),
      transitDays: loan.leadTime.transitDays,
      proposalId: d.proposalId,
      reviewer: d.reviewer,
      ...approvedTerm(s, loan),
    };
    s.loans.set(record.loanId, record);
    for (const id of record.unitIds) busy.add(id);
  }
  return { status: 'applied', notes };
}

/**
 * (v3) What a renewal needs to know later: the demand's window end now, and the consents whose
 * validUntil is the proposed returnBy (what capped it), from the proposed loan's legal trail.
 */
function approvedTerm(s: WorldSnapshot, loan: ProposedLoan): Pick<LoanRecord, 'windowEnd' | 'cappedBy'> {
  const windowEnd = demandWindow(s, loan.demandId)?.end;
  const back = toMs(loan.returnBy);
  const cappedBy = (loan.consents ?? []).filter((c) => c.validUntil !== undefined && toMs(c.validUntil) === back).map((c) => c.item);
  return { ...(windowEnd !== undefined ? { windowEnd: new Date(toMs(windowEnd)).toISOString() } : {}), ...(cappedBy.length > 0 ? { cappedBy } : {}) };
}

/** What the approval rule reads, from the world as it is. */
export function approvalFacts(s: WorldSnapshot): ApprovalFacts {
  return { policy: s.policy, missions: s.missions, units: s.units, activeCrises: activeCrises(s), consents: indexConsents(s.consents.values()) };
}

export function isRejectedPairing(s: WorldSnapshot, unitId: string, demandId: string): boolean {
  return s.rejectedPairings.has(`${unitId}|${demandId}`);
}

/** Demands with a rejected pairing: a plan asks about every (unit, demand) pair, and almost none have one. */
export function demandsWithRejectedPairings(s: WorldSnapshot): Set<string> {
  const demands = new Set<string>();
  for (const key of s.rejectedPairings) demands.add(key.slice(key.lastIndexOf('|') + 1));
  return demands;
}

/** The review behind a loan: its approval if approved (it wins), else a rejection, else none. */
export function reviewOf(s: WorldSnapshot, loanId: string): Readonly<LoanReview> | undefined {
  const loan = s.loans.get(loanId);
  if (loan) return { decision: 'approved', decisionId: loan.decisionId, proposalId: loan.proposalId, reviewer: loan.reviewer };
  return s.rejectedLoans.get(loanId);
}

/** Decisions the ledger applied on this proposal, in the order applied; refused ones are absent. */
export function decisionsOn(s: WorldSnapshot, proposalId: string): Decision[] {
  return s.decisions.filter((d) => d.proposalId === proposalId).map((d) => structuredClone(d));
}

export function decisionCount(s: WorldSnapshot): number {
  return s.decisions.length;
}
