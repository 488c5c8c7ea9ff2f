import { Injectable } from '@nestjs/common';
import type { CloudEvent, Decision, Loan, Proposal } from '@imc/contracts';
import { ApplyResult, buildPlanningProblem, resolveShorthand, toMs, World } from '@imc/domain';
import { Engine, planProposal } from '@imc/optimizer';

export const SCOPE = 'global';

/**
 * The allocator's in-memory state: the world built from the events, the proposal sequence and
 * the loan states already published. Kafka holds the truth; this is rebuilt from it at start.
 */
@Injectable()
export class AllocatorState {
  private readonly world = World.empty();
  /** Proposals read back at start, so a decision replayed then resolves against the one it names. */
  private readonly restored = new Map<string, Proposal>();
  private readonly publishedLoans = new Map<string, string>();
  private dirty = false;

  /** A decision from a scenario file may say `latest` and `*`: they mean the current proposal. */
  apply(event: CloudEvent): ApplyResult {
    const result = this.world.apply(resolveShorthand(event, this.world.latestProposal));
    if (result.status === 'applied') this.dirty = true;
    return result;
  }

  /**
   * During start-up a decision is applied against the proposal it names (it was taken on that
   * one), then the newest proposal is current again. A file's `latest` is the newest proposal
   * at that point of the replay: records come back in the order they were written.
   */
  applyRestored(event: CloudEvent): ApplyResult {
    if (event.type !== 'imc.allocation.decided') return this.apply(event);
    const named = this.restored.get((event.data as Decision).proposalId);
    const latest = this.world.latestProposal;
    if (named && latest && named.proposalId !== latest.proposalId) this.world.recordProposal(named);
    const result = this.apply(event);
    if (named && latest && named.proposalId !== latest.proposalId) this.world.recordProposal(latest);
    return result;
  }

  /** True when the event moves event time forward and there are changes not planned yet. */
  needsPlanBefore(event: CloudEvent): boolean {
    const asOf = this.world.asOf;
    return this.dirty && asOf !== undefined && toMs(event.time) > toMs(asOf);
  }

  hasUnplannedChanges(): boolean {
    return this.dirty;
  }

  asOf(): string {
    return this.world.asOf ?? new Date(0).toISOString();
  }

  latestProposal(): Proposal | undefined {
    return this.world.latestProposal;
  }

  async plan(engine: string): Promise<Proposal> {
    this.dirty = false;
    const problem = buildPlanningProblem(this.world, { scope: SCOPE, previous: this.world.latestProposal });
    return planProposal(problem, { engine: engine as Engine, scope: SCOPE, version: (this.world.latestProposal?.version ?? 0) + 1 });
  }

  /** The proposal was published: it is the current one, and decisions refer to it. */
  accept(proposal: Proposal): void {
    this.world.recordProposal(proposal);
  }

  /** From imc.proposals at start: continues the version sequence and lets decisions resolve. */
  restoreProposal(proposal: Proposal): void {
    if (proposal.scope !== SCOPE) return;
    this.restored.set(proposal.proposalId, proposal);
    this.accept(proposal);
  }

  /** From imc.loans at start: what was already published need not be published again. */
  restorePublishedLoan(loan: Loan): void {
    this.publishedLoans.set(loan.loanId, loanKey(loan));
  }

  /** Loans whose state differs from what imc.loans last carried. */
  takeLoanUpdates(): Loan[] {
    const out: Loan[] = [];
    for (const loan of this.world.takeLoanUpdates()) {
      const key = loanKey(loan);
      if (this.publishedLoans.get(loan.loanId) === key) continue;
      this.publishedLoans.set(loan.loanId, key);
      out.push(loan);
    }
    return out;
  }

  summary(): Record<string, unknown> {
    const latest = this.world.latestProposal;
    return {
      asOf: this.world.asOf ?? null,
      events: { ...this.world.stats },
      proposal: latest ? { proposalId: latest.proposalId, version: latest.version, loans: latest.loans.length, unmet: latest.unmet.length } : null,
      loans: this.publishedLoans.size,
    };
  }
}

function loanKey(loan: Loan): string {
  return `${loan.status}|${loan.version}|${loan.returnBy}`;
}
