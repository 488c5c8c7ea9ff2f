import type { CloudEvent, Crisis, Decision, Loan, Mission, MissionStatus, Policy, Proposal, ProposedLoan, Unit } from '@imc/contracts';
import { approvalBlocker } from './approval.rule';
import type { ConsentRecord } from './consent.rule';
import * as ledger from './world/decision-ledger';
import { applyEvent } from './world/event-store';
import * as book from './world/loan-book';
import * as queries from './world/queries';
import * as copies from './world/world-snapshot';
import { ApplyResult, CrisisEntry, emptyData, LoanRecord, LoanReview, OpenDemand, WorldData, WorldSnapshot } from './world/world-data';

export type { ApplyResult, LoanRecord, LoanReview, OpenDemand, WorldSnapshot };
export type { DemandPlace } from './world/queries';

/**
 * The state the allocator plans from, built only from events: missions, units, consents, the
 * policy, crises, demands and the loans planners approved. Applying the same events in the same
 * order always gives the same world; "now" is the time of the latest event applied.
 *
 * The world trusts its input to be valid (parseEvent has checked it); it enforces the rules of
 * the event stream itself: dedupe by event id, stale versions, decisions against the proposal.
 *
 * A facade over its parts, in world/: the event store (world/event-store.ts), the decision ledger
 * (world/decision-ledger.ts), the loan book (world/loan-book.ts), the queries (world/queries.ts)
 * and the copies (world/world-snapshot.ts), all over one WorldData (world/world-data.ts), whose
 * entries are read-only: a change replaces an entry, never edits it.
 */
export class World {
  private constructor(private readonly s: WorldData) {}

  static empty(): World {
    return new World(emptyData());
  }

  // Copies and hand-overs (world/world-snapshot.ts).

  /** What buildPlanningProblem reads, sharing this world's maps: post it at once (see world-snapshot.ts). */
  planningSnapshot(): WorldSnapshot {
    return copies.planningSnapshot(this.s);
  }

  /** A deep copy: a what-if run applies events to it without touching this world. */
  clone(): World {
    return new World(copies.cloneData(this.s));
  }

  /** A copy to plan from, without the history only the event stream needs (see world-snapshot.ts). */
  forPlanning(): World {
    return new World(copies.planningCopy(this.s));
  }

  /** A copy of the whole state, to send to a worker thread (see WorldSnapshot). */
  snapshot(): WorldSnapshot {
    return copies.snapshotOf(this.s);
  }

  /** The world a snapshot was taken of; the snapshot is copied, so it can be used again. */
  static fromSnapshot(snapshot: WorldSnapshot): World {
    return new World(copies.fromSnapshot(snapshot));
  }

  /** A world over a snapshot this thread owns, not copied: nothing may apply events to it. */
  static adopt(snapshot: WorldSnapshot): World {
    return new World(copies.adopt(snapshot));
  }

  // The event stream (world/event-store.ts).

  /** Planning "now"; undefined before the first event. */
  get asOf(): string | undefined {
    return this.s.asOf;
  }

  get policy(): Readonly<Policy> {
    return this.s.policy;
  }

  get stats(): Readonly<WorldData['stats']> {
    return this.s.stats;
  }

  /** True once an event with this id was applied, or refused, here. */
  hasSeen(eventId: string): boolean {
    return this.s.seenEventIds.has(eventId);
  }

  apply(event: CloudEvent): ApplyResult {
    return applyEvent(this.s, event);
  }

  // The decision ledger (world/decision-ledger.ts).

  /** The newest proposal published from this world: the next plan's `previous`. */
  get latestProposal(): Readonly<Proposal> | undefined {
    return this.s.latestProposal;
  }

  /** A published proposal: the newest, and kept by id for decisions naming it (see decision-ledger.ts). */
  recordProposal(proposal: Proposal, options: { owned?: boolean } = {}): void {
    ledger.recordProposal(this.s, proposal, options);
  }

  /** The loan ids of a published proposal, or undefined when it was never published here. */
  proposalLoans(proposalId: string): { proposalId: string; loanIds: string[] } | undefined {
    return ledger.proposalLoans(this.s, proposalId);
  }

  /** The newest proposal whose asOf is strictly before `time`: a scenario file's `latest` then. */
  proposalBefore(time: string): { proposalId: string; loanIds: string[] } | undefined {
    return ledger.proposalBefore(this.s, time);
  }

  isRejectedPairing(unitId: string, demandId: string): boolean {
    return ledger.isRejectedPairing(this.s, unitId, demandId);
  }

  /** Demands with a rejected pairing: a plan asks about every (unit, demand) pair, and almost none have one. */
  demandsWithRejectedPairings(): Set<string> {
    return ledger.demandsWithRejectedPairings(this.s);
  }

  /** The review behind a loan: its approval if approved (it wins), else a rejection, else none. */
  /**
   * (v3) Why a proposed loan cannot be approved now (its donor in crisis during the loan, a consent
   * it relies on refused, withdrawn, expired or missing), judged at asOf; undefined when nothing
   * stands in the way. The ledger applies the same rule to every approval.
   */
  approvalBlocker(loan: Readonly<ProposedLoan>): string | undefined {
    return approvalBlocker(ledger.approvalFacts(this.s), loan, this.s.asOf ?? new Date(0).toISOString());
  }

  reviewOf(loanId: string): Readonly<LoanReview> | undefined {
    return ledger.reviewOf(this.s, loanId);
  }

  /** Decisions the ledger applied on this proposal, in the order applied; refused ones are absent. */
  decisionsOn(proposalId: string): Decision[] {
    return ledger.decisionsOn(this.s, proposalId);
  }

  decisionCount(): number {
    return ledger.decisionCount(this.s);
  }

  // The loan book (world/loan-book.ts).

  /** Loans created or whose status changed since the last call, sorted by id (to publish as imc.loan.updated). */
  takeLoanUpdates(): Loan[] {
    return book.takeLoanUpdates(this.s);
  }

  /** Every approved loan, returned ones included, sorted by id. */
  loans(): LoanRecord[] {
    return book.loans(this.s);
  }

  /** An approved loan (returned ones included), or undefined. */
  loan(loanId: string): LoanRecord | undefined {
    return book.loan(this.s, loanId);
  }

  /** Every loan as the contract's Loan (what imc.loans carries), sorted by id. */
  contractLoans(): Loan[] {
    return book.contractLoans(this.s);
  }

  /** Loans whose units are still away from home: not returned, and not recalled and back yet. */
  outstandingLoans(): LoanRecord[] {
    return book.outstandingLoans(this.s);
  }

  /** Loans that count toward their demand: not returned, recalled or lapsed. */
  countingLoans(): LoanRecord[] {
    return book.countingLoans(this.s);
  }

  unitsOnLoan(): Set<string> {
    return book.unitsOnLoan(this.s);
  }

  /** (v3) The natural end and consents' term of every loan under way now, by loan id. */
  loanTerms(): Map<string, book.LoanTerm> {
    return book.loanTerms(this.s);
  }

  /**
   * (v3) Whether an approver may extend a loan to `returnBy` at `at` (default now): the verdict
   * the world applies imc.loan.extended with, so the API can answer 409 before publishing.
   */
  extensionCheck(loanId: string, returnBy: string, at?: string): ReturnType<typeof book.extensionCheck> {
    return book.extensionCheck(this.s, loanId, returnBy, at ?? this.s.asOf ?? returnBy);
  }

  // The queries (world/queries.ts).

  missions(): Readonly<Mission>[] {
    return queries.missions(this.s);
  }

  mission(missionId: string): Readonly<Mission> | undefined {
    return queries.mission(this.s, missionId);
  }

  units(): Readonly<Unit>[] {
    return queries.units(this.s);
  }

  unit(unitId: string): Readonly<Unit> | undefined {
    return queries.unit(this.s, unitId);
  }

  consents(): Readonly<ConsentRecord>[] {
    return queries.consents(this.s);
  }

  /** Crises not resolved, sorted by id. */
  activeCrises(): Readonly<Crisis>[] {
    return queries.activeCrises(this.s);
  }

  crisis(crisisId: string): Readonly<CrisisEntry> | undefined {
    return queries.crisis(this.s, crisisId);
  }

  /** The mission's own status, or crisis while one of its unresolved crises' windows is open. */
  effectiveStatus(missionId: string): MissionStatus | undefined {
    return queries.effectiveStatus(this.s, missionId);
  }

  inCrisis(missionId: string): boolean {
    return queries.inCrisis(this.s, missionId);
  }

  /** Open demands, sorted by id: raised ones and crises' requirements (see queries.ts). */
  openDemands(): OpenDemand[] {
    return queries.openDemands(this.s);
  }

  /** (v3) Where a demand the world has heard of (open or not) is needed, and which record says so. */
  demandPlace(demandId: string): queries.DemandPlace | undefined {
    return queries.demandPlace(this.s, demandId);
  }
}
