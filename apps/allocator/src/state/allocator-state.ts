import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { CloudEvent, LateEvent, Loan, Proposal } from '@imc/contracts';
import { ApplyResult, PlanningSession, PlanOutcome } from '@imc/domain';
import { AppConfig } from '@imc/platform';
import { PlanWorkerPlanner, type WarmUpFigures } from '@imc/workers';

export const SCOPE = 'global';

/**
 * The allocator's in-memory state: a PlanningSession (the world built from the events, the
 * proposals published, the stepping rules) and the loan states already on imc.loans. Kafka holds
 * the truth; this is rebuilt from it at start: every proposal first (so that a decision always
 * finds the proposal it names), then the inputs in write order.
 */
@Injectable()
export class AllocatorState implements OnApplicationShutdown {
  readonly session: PlanningSession;
  /** Plans in a worker thread (see PlanWorkerPlanner); the session calls it through its Planner port. */
  private readonly planner: PlanWorkerPlanner;
  /** loanId -> key of the state imc.loans last acknowledged. */
  private readonly publishedLoans = new Map<string, string>();
  /** Loan states the world produced that the broker has not acknowledged yet (newest per loan). */
  private readonly unpublishedLoans = new Map<string, Loan>();
  /**
   * Event id -> reason, for records the world refused while they were read outside the live
   * consumer (the start-up read, a standby following). The world remembers a refused id as seen,
   * so when the live consumer reads the record (it was not committed past) it would count it as a
   * duplicate and the record would never reach the DLQ.
   */
  private readonly refusedUnrecorded = new Map<string, string>();
  /** Late events applied live and not yet named by a published proposal. */
  private lateSincePublished: LateEvent[] = [];

  constructor(config: AppConfig = new AppConfig()) {
    this.planner = new PlanWorkerPlanner(config.IMC_SOLVER);
    this.session = new PlanningSession({ scope: SCOPE, planner: this.planner });
  }

  /** The last plan's figures from the worker, for the log line. */
  get lastPlan(): PlanWorkerPlanner['lastPlan'] {
    return this.planner.lastPlan;
  }

  /** Starts the planning worker and warms it up with a generated dense world (see PlanWorkerPlanner.warmUp). */
  warmUp(): Promise<WarmUpFigures> {
    return this.planner.warmUp(SCOPE);
  }

  /**
   * Not onModuleDestroy: Nest runs every onModuleDestroy before beforeApplicationShutdown, where
   * the lifecycle drains the plan in flight; closing the worker then cancelled that plan.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.planner.close();
  }

  apply(event: CloudEvent): ApplyResult {
    return this.session.apply(event);
  }

  needsPlanBefore(event: CloudEvent): boolean {
    return this.session.needsPlanBefore(event);
  }

  hasUnplannedChanges(): boolean {
    return this.session.hasUnplannedChanges();
  }

  asOf(): string {
    return this.session.world.asOf ?? new Date(0).toISOString();
  }

  latestProposal(): Proposal | undefined {
    return this.session.latestProposal;
  }

  plan(): Promise<PlanOutcome> {
    return this.session.plan();
  }

  /** A plan that counts only if adopted (see PlanningSession.planAhead). */
  planAhead(): Promise<{ outcome: PlanOutcome; stamp: number }> {
    return this.session.planAhead();
  }

  adopt(stamp: number): boolean {
    return this.session.adopt(stamp);
  }

  /** The proposal was published: it is the current one, and decisions may name it. */
  accept(proposal: Proposal): void {
    // Planned here (parsed from the worker's JSON) and only read after it is published: no copy.
    this.session.accept(proposal, { owned: true });
  }

  /** From imc.proposals at start: continues the version sequence and lets decisions resolve. */
  restoreProposal(proposal: Proposal): void {
    this.session.restoreProposal(proposal);
  }

  /** From imc.loans at start: what was already published need not be published again. */
  restorePublishedLoan(loan: Loan): void {
    this.publishedLoans.set(loan.loanId, loanKey(loan));
  }

  /**
   * Loans whose state differs from what imc.loans last acknowledged. Nothing is marked here: a
   * publish that fails leaves them pending, and the next plan offers them again.
   */
  pendingLoanUpdates(): Loan[] {
    for (const loan of this.session.world.takeLoanUpdates()) this.unpublishedLoans.set(loan.loanId, loan);
    const out: Loan[] = [];
    for (const [loanId, loan] of [...this.unpublishedLoans].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (this.publishedLoans.get(loanId) === loanKey(loan)) this.unpublishedLoans.delete(loanId);
      else out.push(loan);
    }
    return out;
  }

  /** A late event applied live: the next proposal published names it. */
  noteLate(late: LateEvent): void {
    this.lateSincePublished.push(late);
  }

  /** The late events the next proposal names (not cleared: see lateNamed). */
  lateEvents(): LateEvent[] {
    return [...this.lateSincePublished];
  }

  /** A published proposal named these late events. */
  lateNamed(named: readonly LateEvent[]): void {
    const ids = new Set(named.map((l) => l.eventId));
    this.lateSincePublished = this.lateSincePublished.filter((l) => !ids.has(l.eventId));
  }

  /** A record refused outside the live consumer: not dead-lettered yet. */
  noteRefused(eventId: string, reason: string): void {
    this.refusedUnrecorded.set(eventId, reason);
  }

  /** The refusal of a record the live consumer now reads as a duplicate, once: it is to be dead-lettered. */
  takeRefusal(eventId: string): string | undefined {
    const reason = this.refusedUnrecorded.get(eventId);
    this.refusedUnrecorded.delete(eventId);
    return reason;
  }

  /** The broker acknowledged these loan states. */
  markLoansPublished(loans: Loan[]): void {
    for (const loan of loans) {
      this.publishedLoans.set(loan.loanId, loanKey(loan));
      if (this.unpublishedLoans.get(loan.loanId) === loan) this.unpublishedLoans.delete(loan.loanId);
    }
  }

  summary(): Record<string, unknown> {
    const world = this.session.world;
    const latest = world.latestProposal;
    return {
      asOf: world.asOf ?? null,
      events: { ...world.stats },
      proposal: latest ? { proposalId: latest.proposalId, version: latest.version, loans: latest.loans.length, unmet: latest.unmet.length } : null,
      loans: this.publishedLoans.size,
      // The decision ledger, so that an operator (and the restart spec) can compare two allocators.
      ledger: { decisions: world.decisionCount(), loans: world.loans().map((l) => `${l.loanId}:${l.status}:${l.proposalId}`) },
    };
  }
}

function loanKey(loan: Loan): string {
  return `${loan.status}|${loan.version}|${loan.returnBy}`;
}
