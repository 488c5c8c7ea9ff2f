import { parseInstant, Proposal } from '@imc/contracts';
import { DomainError } from '../common/domain-error';
import type { LoanState } from '../read-model/planner-view';

export interface DecisionRequest {
  decision: 'approved' | 'rejected';
  loanIds: string[];
}

/** What the rules read: the named proposal, its scope's current one, and each loan's state. */
export interface DecisionFacts {
  proposalId: string;
  proposal: Proposal | undefined;
  current: Proposal | undefined;
  loanState(loanId: string): LoanState;
  busyUnits: Set<string>;
  isRejectedPairing(unitId: string, demandId: string): boolean;
  /** (v3) Why a loan cannot be approved now by the rules (a donor in crisis, a consent lost); undefined if it can. */
  approvalBlocker?(loan: Proposal['loans'][number]): string | undefined;
}

/**
 * The rules a decision must pass before it is published, hard ones first:
 * 1. the proposal exists (404);
 * 2. every loan is in it: on the current proposal an unknown loan is 404; on a superseded one,
 *    a loan that the current proposal no longer holds is stale (409);
 * 3. an approval never makes a second loan: a loan already approved, one a planner rejected, or one
 *    whose units are already on loan is refused (409);
 * 4. a rejection cannot undo an approval (409): an approved loan ends with a return;
 * 5. (v3) an approval is judged against the rules now (409): a donor now in crisis during the loan,
 *    a consent it relies on now refused, withdrawn, expired or missing.
 */
export function checkDecision(facts: DecisionFacts, request: DecisionRequest): void {
  const { proposal, current } = facts;
  if (!proposal) throw DomainError.notFound(`proposal ${facts.proposalId} not found`);
  const superseded = current?.proposalId !== proposal.proposalId;

  const inNamed = new Set(proposal.loans.map((l) => l.loanId));
  const notInNamed = request.loanIds.filter((id) => !inNamed.has(id));
  if (!superseded && notInNamed.length > 0) throw DomainError.notFound(`loan(s) not in proposal ${proposal.proposalId}: ${notInNamed.join(', ')}`);
  if (superseded) {
    const inCurrent = new Set((current?.loans ?? []).map((l) => l.loanId));
    const stale = request.loanIds.filter((id) => !inNamed.has(id) || !inCurrent.has(id));
    if (stale.length > 0) {
      throw DomainError.conflict(`proposal ${proposal.proposalId} is superseded by ${current?.proposalId ?? 'nothing'} and these loans are not in it: ${stale.join(', ')}; review the current proposal`);
    }
  }
  const loans = (current ?? proposal).loans.filter((l) => request.loanIds.includes(l.loanId));

  for (const loan of loans) {
    const state = facts.loanState(loan.loanId);
    if (request.decision === 'approved') {
      if (state.approved) throw DomainError.conflict(`loan ${loan.loanId} is already approved (decision ${state.approved.decisionId} by ${state.approved.reviewer})`);
      if (state.rejected || loan.unitIds.some((u) => facts.isRejectedPairing(u, loan.demandId))) {
        throw DomainError.conflict(`loan ${loan.loanId} was rejected${state.rejected ? ` (decision ${state.rejected.decisionId})` : ''}; the next proposal will not offer it`);
      }
      const busy = loan.unitIds.filter((u) => facts.busyUnits.has(u));
      if (busy.length > 0) throw DomainError.conflict(`loan ${loan.loanId}: units already on loan: ${busy.join(', ')}`);
      const blocker = facts.approvalBlocker?.(loan);
      if (blocker) throw DomainError.conflict(`loan ${loan.loanId} cannot be approved now: ${blocker}; the next proposal will say what can be done instead`);
    } else if (state.approved) {
      throw DomainError.conflict(`loan ${loan.loanId} is already approved (decision ${state.approved.decisionId}); record a return to end it`);
    }
  }
}

/** A return names an approved loan that has not come back yet. */
export function checkReturn(loanId: string, state: LoanState, returnedAt: string, approvedAt: string | undefined): void {
  if (!state.known && !state.approved) throw DomainError.notFound(`loan ${loanId} not found`);
  if (state.returnedAt !== undefined) throw DomainError.conflict(`loan ${loanId} is already returned (${state.returnedAt})`);
  if (approvedAt !== undefined && (parseInstant(returnedAt) ?? Number.NaN) < (parseInstant(approvedAt) ?? Number.NaN)) {
    throw DomainError.invalid(`returnedAt ${returnedAt} is before the loan was approved (${approvedAt})`, [{ field: 'returnedAt', messages: [`returnedAt must not be before approvedAt ${approvedAt}`] }]);
  }
}
