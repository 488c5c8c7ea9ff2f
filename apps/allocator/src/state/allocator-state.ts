import { Injectable } from '@nestjs/common';
import type { CloudEvent, Loan, Proposal } from '@imc/contracts';
import { buildPlanningProblem, World } from '@imc/domain';
import { planProposal } from '@imc/optimizer';

export const SCOPE = 'global';
type Engine = 'auto' | 'jslp' | 'highs' | 'greedy';

export interface ApplyOutcome {
  status: 'applied' | 'duplicate' | 'stale' | 'rejected';
  reason?: string;
}

/**
 * The allocator's in-memory state: the world built from the events, the proposal sequence and
 * the loan states already published. Kafka holds the truth; this is rebuilt from it at start.
 */
@Injectable()
export class AllocatorState {
  private world = new World();
  private latest: Proposal | undefined;
  private readonly publishedLoans = new Map<string, string>();
  private readonly counts = { applied: 0, duplicate: 0, stale: 0, rejected: 0 };

  apply(event: CloudEvent): ApplyOutcome {
    const result = this.world.apply(event);
    this.counts[result.status]++;
    return result;
  }

  asOf(): string {
    return this.world.asOf ?? new Date(0).toISOString();
  }

  latestProposal(): Proposal | undefined {
    return this.latest;
  }

  async plan(engine: string): Promise<Proposal> {
    const problem = buildPlanningProblem(this.world, { scope: SCOPE, previous: this.latest });
    return planProposal(problem, { engine: engine as Engine, scope: SCOPE, version: (this.latest?.version ?? 0) + 1 });
  }

  /** The proposal was published: it is the current one, and decisions refer to it. */
  accept(proposal: Proposal): void {
    this.latest = proposal;
    this.world.recordProposal(proposal);
  }

  /** From imc.proposals at start: continues the version sequence and lets decisions resolve. */
  restoreProposal(proposal: Proposal): void {
    this.accept(proposal);
  }

  /** From imc.loans at start: what was already published need not be published again. */
  restorePublishedLoan(loan: Loan): void {
    this.publishedLoans.set(loan.loanId, loanKey(loan));
  }

  /** Loans whose state differs from what imc.loans last carried. */
  takeLoanUpdates(): Loan[] {
    const out: Loan[] = [];
    for (const loan of this.world.loans()) {
      const key = loanKey(loan);
      if (this.publishedLoans.get(loan.loanId) === key) continue;
      this.publishedLoans.set(loan.loanId, key);
      out.push(loan);
    }
    return out;
  }

  summary(): Record<string, unknown> {
    return {
      asOf: this.world.asOf ?? null,
      events: { ...this.counts },
      proposal: this.latest ? { proposalId: this.latest.proposalId, version: this.latest.version, loans: this.latest.loans.length, unmet: this.latest.unmet.length } : null,
      loans: this.publishedLoans.size,
    };
  }
}

function loanKey(loan: Loan): string {
  return `${loan.status}|${loan.version}|${loan.returnBy}`;
}
