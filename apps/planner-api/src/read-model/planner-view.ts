import { CloudEvent, Decision, Loan, LoanReturned, parseRecord, Proposal, ProposedLoan, RecordHeaders, TOPICS } from '@imc/contracts';
import { resolveShorthand, World } from '@imc/domain';

/** The scope the allocator plans and the domain World follows; other scopes are only listed. */
export const PLANNING_SCOPE = 'global';

export type RecordOutcome = 'applied' | 'duplicate' | 'skipped';

export interface LoanReview {
  decision: 'approved' | 'rejected';
  decisionId: string;
  proposalId: string;
  reviewer: string;
}

/** A proposal as the API shows it: status derived from what came after it, and its reviews. */
export interface ProposalView extends Omit<Proposal, 'loans'> {
  loans: (ProposedLoan & { review?: LoanReview })[];
  decisions: Decision[];
}

interface StoredProposal {
  proposal: Proposal;
  /** Write order on imc.proposals: the last one written for a scope is its pending proposal. */
  seq: number;
}

interface ApprovedLoan {
  loan: ProposedLoan;
  review: LoanReview;
  returnedAt?: string;
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
 * The read model: proposals, the allocator's loans, the decisions and returns planners made, and a
 * domain World of the inputs (for missions, posture and what-if). Built only from topic records, so
 * a restarted API that reads the topics from the beginning rebuilds exactly the same view.
 *
 * Approvals are resolved the way the allocator's World resolves them: a decision counts for the
 * loans that are in its scope's current proposal when the decision is read, and an approval is
 * ignored for a loan already approved or whose units are already on loan. Decisions the API has
 * published but not yet read back are held "in flight" so that the next request sees them at once.
 */
export class PlannerView {
  readonly world = World.empty();
  private readonly proposals = new Map<string, StoredProposal>();
  private readonly currentByScope = new Map<string, string>();
  private seq = 0;
  private readonly decisions = new Map<string, Decision>();
  private readonly seenEventIds = new Set<string>();
  private readonly approved = new Map<string, ApprovedLoan>();
  private readonly rejected = new Map<string, LoanReview>();
  private readonly rejectedPairings = new Set<string>();
  private readonly loans = new Map<string, Loan>();
  private readonly inFlight = new Map<string, InFlight>();
  /** While the topics are read from the beginning at start-up (see applyDecision). */
  private restoring = false;
  readonly counts = { applied: 0, duplicate: 0, skipped: 0 };

  beginRestore(): void {
    this.restoring = true;
  }

  endRestore(): void {
    this.restoring = false;
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
      const envelope = parseJson(value.toString()) as Partial<CloudEvent> | undefined;
      if (!envelope || typeof envelope.id !== 'string') return 'skipped';
      if (topic === TOPICS.proposals && envelope.type === 'imc.allocation.proposed' && isProposal(envelope.data)) return this.addProposal(envelope.data);
      if (topic === TOPICS.loans && envelope.type === 'imc.loan.updated' && isLoan(envelope.data)) return this.addLoan(envelope.data);
      return 'skipped';
    }
    const parsed = parseRecord(topic, value, headers);
    if (!parsed.ok) return 'skipped';
    // A decision from a scenario file may say `latest` and `*`: they mean the current proposal.
    const event = resolveShorthand(parsed.event, this.currentProposal(PLANNING_SCOPE));
    if (topic === TOPICS.decisions) this.inFlight.delete(event.id);
    // The World keeps its own dedupe; the decision ledger needs one too.
    this.applyToWorld(event);
    if (this.seenEventIds.has(event.id)) return 'duplicate';
    this.seenEventIds.add(event.id);
    if (event.type === 'imc.allocation.decided') this.applyDecision(event.data as Decision);
    else if (event.type === 'imc.loan.returned') this.applyReturn(event.data as LoanReturned);
    return 'applied';
  }

  /** A decision the broker acknowledged, before it is read back from the topic. */
  recordPublishedDecision(eventId: string, decision: Decision): void {
    // The live consumer may have read the record back before the broker's ack reached us.
    if (this.seenEventIds.has(eventId)) return;
    const proposal = this.proposals.get(decision.proposalId)?.proposal;
    this.inFlight.set(eventId, { eventId, decision, proposal: proposal ? this.currentProposal(proposal.scope) : undefined });
  }

  recordPublishedReturn(eventId: string, returned: LoanReturned): void {
    if (this.seenEventIds.has(eventId)) return;
    this.inFlight.set(eventId, { eventId, returned });
  }

  private addProposal(proposal: Proposal): RecordOutcome {
    const held = this.proposals.get(proposal.proposalId);
    if (held && JSON.stringify(held.proposal) === JSON.stringify(proposal)) return 'duplicate';
    this.seq++;
    this.proposals.set(proposal.proposalId, { proposal, seq: this.seq });
    this.currentByScope.set(proposal.scope, proposal.proposalId);
    if (proposal.scope === PLANNING_SCOPE) this.world.recordProposal(proposal);
    return 'applied';
  }

  private addLoan(loan: Loan): RecordOutcome {
    const held = this.loans.get(loan.loanId);
    if (held && held.version > loan.version) return 'duplicate';
    if (held && held.version === loan.version && held.status === loan.status) return 'duplicate';
    this.loans.set(loan.loanId, loan);
    return 'applied';
  }

  /**
   * As the allocator does: at start-up a decision is resolved against the proposal it names (it
   * was taken on that one, and a later proposal may have been written just before it); live,
   * against the current proposal.
   */
  private applyToWorld(event: CloudEvent): void {
    const named = event.type === 'imc.allocation.decided' && this.restoring ? this.proposals.get((event.data as Decision).proposalId)?.proposal : undefined;
    const latest = this.world.latestProposal;
    const swap = named !== undefined && named.scope === PLANNING_SCOPE && latest !== undefined && named.proposalId !== latest.proposalId;
    if (swap) this.world.recordProposal(named);
    this.world.apply(event);
    if (swap) this.world.recordProposal(latest);
  }

  private applyDecision(d: Decision): void {
    if (this.decisions.has(d.decisionId)) return;
    this.decisions.set(d.decisionId, d);
    const named = this.proposals.get(d.proposalId)?.proposal;
    const current = (this.restoring ? named : undefined) ?? this.currentProposal(named?.scope ?? PLANNING_SCOPE);
    if (!current) return;
    const review: LoanReview = { decision: d.decision, decisionId: d.decisionId, proposalId: d.proposalId, reviewer: d.reviewer };
    const busy = this.unitsOnLoan();
    for (const loanId of d.loanIds) {
      const loan = current.loans.find((l) => l.loanId === loanId);
      if (!loan) continue;
      if (d.decision === 'rejected') {
        if (this.approved.has(loanId)) continue;
        this.rejected.set(loanId, review);
        for (const unitId of loan.unitIds) this.rejectedPairings.add(`${unitId}|${loan.demandId}`);
        continue;
      }
      if (this.approved.has(loanId) || loan.unitIds.some((u) => busy.has(u))) continue;
      this.approved.set(loanId, { loan, review });
      for (const u of loan.unitIds) busy.add(u);
    }
  }

  private applyReturn(r: LoanReturned): void {
    const held = this.approved.get(r.loanId);
    if (held && held.returnedAt === undefined) held.returnedAt = r.returnedAt;
  }

  private unitsOnLoan(): Set<string> {
    const out = new Set<string>();
    for (const a of this.approved.values()) if (a.returnedAt === undefined) for (const u of a.loan.unitIds) out.add(u);
    return out;
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

  view(proposal: Proposal): ProposalView {
    const decisions = [...this.decisions.values(), ...[...this.inFlight.values()].flatMap((f) => (f.decision ? [f.decision] : []))].filter((d) => d.proposalId === proposal.proposalId);
    return {
      ...proposal,
      status: this.statusOf(proposal),
      loans: proposal.loans.map((l) => {
        const state = this.loanState(l.loanId);
        const review = state.approved ?? state.rejected;
        return review ? { ...l, review } : { ...l };
      }),
      decisions,
    };
  }

  /** Approval state of a loan, counting what the API published but has not read back yet. */
  loanState(loanId: string): LoanState {
    const held = this.approved.get(loanId);
    const state: LoanState = {
      approved: held?.review,
      rejected: held ? undefined : this.rejected.get(loanId),
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

  /** Units away on an approved, unreturned loan (in-flight approvals included). */
  busyUnits(): Set<string> {
    const busy = this.unitsOnLoan();
    for (const f of this.inFlight.values()) {
      if (f.decision?.decision !== 'approved' || !f.proposal) continue;
      for (const id of f.decision.loanIds) for (const u of f.proposal.loans.find((l) => l.loanId === id)?.unitIds ?? []) busy.add(u);
    }
    for (const f of this.inFlight.values()) {
      const returned = f.returned ? this.approved.get(f.returned.loanId) : undefined;
      if (returned) for (const u of returned.loan.unitIds) busy.delete(u);
    }
    return busy;
  }

  isRejectedPairing(unitId: string, demandId: string): boolean {
    return this.rejectedPairings.has(`${unitId}|${demandId}`);
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
    return this.decisions.size;
  }

  proposalCount(): number {
    return this.proposals.size;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isProposal(data: unknown): data is Proposal {
  const p = data as Partial<Proposal> | undefined;
  return !!p && typeof p.proposalId === 'string' && typeof p.scope === 'string' && typeof p.version === 'number' && Array.isArray(p.loans) && Array.isArray(p.unmet) && Array.isArray(p.posture);
}

function isLoan(data: unknown): data is Loan {
  const l = data as Partial<Loan> | undefined;
  return !!l && typeof l.loanId === 'string' && typeof l.version === 'number' && typeof l.status === 'string' && Array.isArray(l.unitIds);
}
