import { CloudEvent, Decision, Loan, LoanReturned, parseOwnOutput, parseRecord, Proposal, ProposedLoan, RecordHeaders, TOPICS } from '@imc/contracts';
import { LoanReview, resolveShorthand, World } from '@imc/domain';
import { FINGERPRINT_HEADER, KeyedWrite } from '../idempotency/idempotency-key';

/** The scope the allocator plans and the domain World follows; other scopes are only listed. */
export const PLANNING_SCOPE = 'global';

/**
 * What became of one record: `refused` is an input the World refused (e.g. a decision naming no
 * loan of its proposal); it is not listed anywhere, as it did not happen for the allocator either.
 */
export type RecordOutcome = 'applied' | 'duplicate' | 'stale' | 'refused' | 'skipped';

export type { LoanReview };

/** A proposal or loan the view took in: what the live stream (`GET /v1/stream`) tells its pages. */
export type ViewChange = { kind: 'proposal'; proposal: Proposal } | { kind: 'loan'; loan: Loan };

/** A proposal as the API shows it: status derived from what came after it, and its reviews. */
export interface ProposalView extends Omit<Proposal, 'loans'> {
  loans: (ProposedLoan & { review?: LoanReview })[];
  decisions: Decision[];
  /** This API: the policy's currency, which every cost of the answer is in. */
  currency: string;
}

interface StoredProposal {
  proposal: Proposal;
  /** Write order on imc.proposals: the last one written for a scope is its pending proposal. */
  seq: number;
}

/** What a decision or return must not contradict. */
export interface LoanState {
  approved?: LoanReview;
  rejected?: LoanReview;
  returnedAt?: string;
  /** The loan exists as approved (here or on imc.loans). */
  known: boolean;
}

interface InFlight {
  eventId: string;
  decision?: Decision;
  proposal?: Proposal;
  returned?: LoanReturned;
}

/**
 * The read model: proposals, the allocator's loans, and a domain World of the inputs (missions,
 * posture, what-if, and the decision ledger). Built only from topic records, so a restarted API
 * that reads the topics from the beginning rebuilds exactly the same view.
 *
 * Decisions and returns are resolved by the World alone, with the same rule as the allocator's
 * (a decision against the proposal it names); this class keeps only what the World does not: the
 * proposal list of every scope, the allocator's published loans, and the decisions and returns the
 * API has published but not yet read back ("in flight"), so that the next request sees them at once.
 */
export class PlannerView {
  readonly world = World.empty();
  private readonly proposals = new Map<string, StoredProposal>();
  private readonly currentByScope = new Map<string, string>();
  private seq = 0;
  private readonly loans = new Map<string, Loan>();
  private readonly inFlight = new Map<string, InFlight>();
  /** Writes made with an Idempotency-Key, by event id: from the topic, and published here. */
  private readonly keyed = new Map<string, KeyedWrite>();
  readonly counts = { applied: 0, duplicate: 0, stale: 0, refused: 0, skipped: 0 };
  private changeListener: ((change: ViewChange) => void) | undefined;

  /** Called after each proposal or loan the view applied (never for a duplicate); one listener. */
  onChange(listener: (change: ViewChange) => void): void {
    this.changeListener = listener;
  }

  /**
   * One record of one topic, in either CloudEvents content mode. Never throws: a record the view
   * cannot use is counted and skipped (the allocator dead-letters input records), because a throw
   * would stop the live consumer or the start-up read.
   */
  applyRecord(topic: string, value: Buffer | string | null, headers?: RecordHeaders): RecordOutcome {
    let outcome: RecordOutcome;
    try {
      outcome = this.dispatch(topic, value, headers);
    } catch {
      outcome = 'skipped';
    }
    this.counts[outcome]++;
    return outcome;
  }

  private dispatch(topic: string, value: Buffer | string | null, headers?: RecordHeaders): RecordOutcome {
    if (value === null || value.length === 0) return 'skipped';
    if (topic === TOPICS.proposals || topic === TOPICS.loans) {
      const output = parseOwnOutput(topic, value);
      if (!output.ok) return 'skipped';
      return output.kind === 'proposal' ? this.addProposal(output.proposal) : this.addLoan(output.loan);
    }
    const parsed = parseRecord(topic, value, headers);
    if (!parsed.ok) return 'skipped';
    this.inFlight.delete(parsed.event.id);
    const fingerprint = headerText(headers, FINGERPRINT_HEADER);
    if (topic === TOPICS.decisions && fingerprint !== undefined) this.recordKeyedWrite(fingerprint, parsed.event);
    const result = this.world.apply(resolveShorthand(parsed.event, this.world));
    return result.status === 'rejected' ? 'refused' : result.status;
  }

  /**
   * A write made with an Idempotency-Key; the first one of an event id stays (a second, from a
   * process that raced on the key, is a duplicate for the allocator too).
   */
  recordKeyedWrite(fingerprint: string, event: CloudEvent): void {
    if (!this.keyed.has(event.id)) this.keyed.set(event.id, { fingerprint, event });
  }

  keyedWrite(eventId: string): KeyedWrite | undefined {
    return this.keyed.get(eventId);
  }

  /** A decision the broker acknowledged, before it is read back from the topic. */
  recordPublishedDecision(eventId: string, decision: Decision): void {
    // The live consumer may have read the record back before the broker's ack reached us.
    if (this.world.hasSeen(eventId)) return;
    this.inFlight.set(eventId, { eventId, decision, proposal: this.proposals.get(decision.proposalId)?.proposal });
  }

  recordPublishedReturn(eventId: string, returned: LoanReturned): void {
    if (this.world.hasSeen(eventId)) return;
    this.inFlight.set(eventId, { eventId, returned });
  }

  private addProposal(proposal: Proposal): RecordOutcome {
    const held = this.proposals.get(proposal.proposalId);
    if (held && JSON.stringify(held.proposal) === JSON.stringify(proposal)) return 'duplicate';
    this.seq++;
    this.proposals.set(proposal.proposalId, { proposal, seq: this.seq });
    this.currentByScope.set(proposal.scope, proposal.proposalId);
    if (proposal.scope === PLANNING_SCOPE) this.world.recordProposal(proposal);
    this.changeListener?.({ kind: 'proposal', proposal });
    return 'applied';
  }

  private addLoan(loan: Loan): RecordOutcome {
    const held = this.loans.get(loan.loanId);
    if (held && held.version > loan.version) return 'duplicate';
    if (held && held.version === loan.version && held.status === loan.status) return 'duplicate';
    this.loans.set(loan.loanId, loan);
    this.changeListener?.({ kind: 'loan', loan });
    return 'applied';
  }

  // ---- queries ----

  currentProposal(scope: string): Proposal | undefined {
    const id = this.currentByScope.get(scope);
    return id === undefined ? undefined : this.proposals.get(id)?.proposal;
  }

  statusOf(proposal: Proposal): 'pending' | 'superseded' {
    return this.currentByScope.get(proposal.scope) === proposal.proposalId ? 'pending' : 'superseded';
  }

  proposal(proposalId: string): Proposal | undefined {
    return this.proposals.get(proposalId)?.proposal;
  }

  /** Newest first (in the order the allocator wrote them). */
  listProposals(filter: { status?: 'pending' | 'superseded'; scope?: string }): Proposal[] {
    return [...this.proposals.values()]
      .sort((a, b) => b.seq - a.seq)
      .map((s) => s.proposal)
      .filter((p) => (filter.scope === undefined || p.scope === filter.scope) && (filter.status === undefined || this.statusOf(p) === filter.status));
  }

  /** `decisions` lists what the World applied on it (refused ones never), then those in flight. */
  view(proposal: Proposal): ProposalView {
    const inFlight = [...this.inFlight.values()].flatMap((f) => (f.decision && f.decision.proposalId === proposal.proposalId ? [f.decision] : []));
    return {
      ...proposal,
      status: this.statusOf(proposal),
      loans: proposal.loans.map((l) => {
        const state = this.loanState(l.loanId);
        const review = state.approved ?? state.rejected;
        return review ? { ...l, review } : { ...l };
      }),
      decisions: [...this.world.decisionsOn(proposal.proposalId), ...inFlight],
      // (v3) A proposal published before renewalsDue existed (read back from the topic) has none.
      renewalsDue: proposal.renewalsDue ?? [],
      currency: this.world.policy.currency ?? 'USD',
    };
  }

  /** Approval state of a loan, from the World's ledger plus what the API published but has not read back yet. */
  loanState(loanId: string): LoanState {
    const review = this.world.reviewOf(loanId);
    const held = this.world.loan(loanId);
    const state: LoanState = {
      approved: review?.decision === 'approved' ? review : undefined,
      rejected: review?.decision === 'rejected' ? review : undefined,
      returnedAt: held?.returnedAt,
      known: held !== undefined || this.loans.has(loanId),
    };
    const published = this.loans.get(loanId);
    if (published?.status === 'returned' && state.returnedAt === undefined) state.returnedAt = (published as Loan & { returnedAt?: string }).returnedAt ?? published.returnBy;
    for (const f of this.inFlight.values()) {
      if (f.decision && f.decision.loanIds.includes(loanId)) {
        const review: LoanReview = { decision: f.decision.decision, decisionId: f.decision.decisionId, proposalId: f.decision.proposalId, reviewer: f.decision.reviewer };
        if (f.decision.decision === 'approved' && !state.approved) {
          state.approved = review;
          state.rejected = undefined;
          state.known = true;
        } else if (f.decision.decision === 'rejected' && !state.approved) state.rejected = review;
      }
      if (f.returned?.loanId === loanId && state.returnedAt === undefined) state.returnedAt = f.returned.returnedAt;
    }
    return state;
  }

  /** Units away on an approved, unreturned loan (the World's), plus in-flight approvals, minus in-flight returns. */
  busyUnits(): Set<string> {
    const busy = this.world.unitsOnLoan();
    for (const f of this.inFlight.values()) {
      if (f.decision?.decision !== 'approved' || !f.proposal) continue;
      for (const id of f.decision.loanIds) for (const u of f.proposal.loans.find((l) => l.loanId === id)?.unitIds ?? []) busy.add(u);
    }
    for (const f of this.inFlight.values()) {
      const returned = f.returned ? this.world.loan(f.returned.loanId) : undefined;
      if (returned && returned.returnedAt === undefined) for (const u of returned.unitIds) busy.delete(u);
    }
    return busy;
  }

  isRejectedPairing(unitId: string, demandId: string): boolean {
    return this.world.isRejectedPairing(unitId, demandId);
  }

  approvedAt(loanId: string): string | undefined {
    return this.loans.get(loanId)?.approvedAt;
  }

  listLoans(status?: Loan['status']): Loan[] {
    return [...this.loans.values()].filter((l) => status === undefined || l.status === status).sort((a, b) => (a.loanId < b.loanId ? -1 : a.loanId > b.loanId ? 1 : 0));
  }

  loan(loanId: string): Loan | undefined {
    return this.loans.get(loanId);
  }

  decisionCount(): number {
    return this.world.decisionCount();
  }

  proposalCount(): number {
    return this.proposals.size;
  }
}

/** A header's value as text, the first if it came more than once. */
function headerText(headers: RecordHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
