import { DomainError, Outcome as ApiErrorCode } from '../common/domain-error';
import type { LoanState } from '../read-model/planner-view';
import { proposal, proposedLoan } from '../testing/fixtures';
import { checkDecision, checkReturn, DecisionFacts, DecisionRequest } from './decision-rules';

const a = proposedLoan('loan-a', ['heli-1']);
const b = proposedLoan('loan-b', ['heli-2']);
const c = proposedLoan('loan-c', ['heli-3']);
const v1 = proposal('global', 1, [a, b, c]);
const v2 = proposal('global', 2, [a, c]);

function facts(over: Partial<DecisionFacts> & { states?: Record<string, LoanState> } = {}): DecisionFacts {
  const states = over.states ?? {};
  return {
    proposalId: over.proposalId ?? v2.proposalId,
    proposal: 'proposal' in over ? over.proposal : v2,
    current: 'current' in over ? over.current : v2,
    loanState: (id) => states[id] ?? { known: false },
    busyUnits: over.busyUnits ?? new Set(),
    isRejectedPairing: over.isRejectedPairing ?? (() => false),
    ...(over.approvalBlocker ? { approvalBlocker: over.approvalBlocker } : {}),
  };
}

function status(f: DecisionFacts, request: DecisionRequest): number {
  try {
    checkDecision(f, request);
    return 202;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { [ApiErrorCode.NotFound]: 404, [ApiErrorCode.Conflict]: 409, [ApiErrorCode.Invalid]: 400 }[error.code as string] ?? 500;
  }
}

const approve = (...loanIds: string[]): DecisionRequest => ({ decision: 'approved', loanIds });
const reject = (...loanIds: string[]): DecisionRequest => ({ decision: 'rejected', loanIds });
const approvedState: LoanState = { known: true, approved: { decision: 'approved', decisionId: 'd-1', proposalId: 'global:2', reviewer: 'approver:1' } };

describe('decision rules', () => {
  it('accepts loans of the current proposal', () => {
    expect(status(facts(), approve('loan-a', 'loan-c'))).toBe(202);
    expect(status(facts(), reject('loan-a'))).toBe(202);
  });

  it('404: unknown proposal', () => {
    expect(status(facts({ proposalId: 'global:99', proposal: undefined }), approve('loan-a'))).toBe(404);
  });

  it('404: a loan the current proposal never held', () => {
    expect(status(facts(), approve('loan-a', 'loan-zzz'))).toBe(404);
  });

  it('409: superseded proposal and a loan not in the current one', () => {
    expect(status(facts({ proposalId: v1.proposalId, proposal: v1 }), approve('loan-b'))).toBe(409);
    expect(status(facts({ proposalId: v1.proposalId, proposal: v1 }), approve('loan-a', 'loan-b'))).toBe(409);
  });

  it('a superseded proposal is fine for loans the current one keeps (loan ids are deterministic)', () => {
    expect(status(facts({ proposalId: v1.proposalId, proposal: v1 }), approve('loan-a', 'loan-c'))).toBe(202);
  });

  it('409: a loan already approved, even by the same reviewer', () => {
    expect(status(facts({ states: { 'loan-a': approvedState } }), approve('loan-a'))).toBe(409);
  });

  it('409: approving a loan a planner rejected', () => {
    const rejected: LoanState = { known: false, rejected: { decision: 'rejected', decisionId: 'd-2', proposalId: 'global:2', reviewer: 'approver:1' } };
    expect(status(facts({ states: { 'loan-a': rejected } }), approve('loan-a'))).toBe(409);
    expect(status(facts({ isRejectedPairing: (u) => u === 'heli-3' }), approve('loan-c'))).toBe(409);
  });

  it('409: approving a loan whose units are already on loan', () => {
    expect(status(facts({ busyUnits: new Set(['heli-1']) }), approve('loan-a'))).toBe(409);
  });

  it('409 (v3): approving a loan the rules now refuse, naming why; a rejection of it is still fine', () => {
    const blocker = (loan: { loanId: string }) => (loan.loanId === 'loan-a' ? 'MONUSCO is in crisis from 2012-11-20 (kivu-2012, security), during the loan (2012-12-10 to 2013-03-14)' : undefined);
    expect(status(facts({ approvalBlocker: blocker }), approve('loan-c'))).toBe(202);
    expect(status(facts({ approvalBlocker: blocker }), approve('loan-a'))).toBe(409);
    expect(() => checkDecision(facts({ approvalBlocker: blocker }), approve('loan-a'))).toThrow(/loan loan-a cannot be approved now: MONUSCO is in crisis from 2012-11-20/);
    expect(status(facts({ approvalBlocker: blocker }), reject('loan-a'))).toBe(202);
  });

  it('409: rejecting an approved loan (a return ends it)', () => {
    expect(status(facts({ states: { 'loan-c': approvedState } }), reject('loan-c'))).toBe(409);
  });

  it('rejecting twice is harmless', () => {
    const rejected: LoanState = { known: false, rejected: { decision: 'rejected', decisionId: 'd-2', proposalId: 'global:2', reviewer: 'approver:1' } };
    expect(status(facts({ states: { 'loan-a': rejected } }), reject('loan-a'))).toBe(202);
  });
});

describe('return rules', () => {
  const at = '2011-04-01T00:00:00Z';
  it('accepts an approved loan not yet back', () => {
    expect(() => checkReturn('loan-a', approvedState, at, '2010-12-05T00:00:00Z')).not.toThrow();
  });

  it('404: unknown loan', () => {
    expect(() => checkReturn('loan-x', { known: false }, at, undefined)).toThrow(expect.objectContaining({ code: ApiErrorCode.NotFound }));
  });

  it('409: already returned', () => {
    expect(() => checkReturn('loan-a', { ...approvedState, returnedAt: '2011-03-01T00:00:00Z' }, at, undefined)).toThrow(expect.objectContaining({ code: ApiErrorCode.Conflict }));
  });

  it('400: back before it was approved', () => {
    expect(() => checkReturn('loan-a', approvedState, '2010-01-01T00:00:00Z', '2010-12-05T00:00:00Z')).toThrow(expect.objectContaining({ code: ApiErrorCode.Invalid }));
  });
});
