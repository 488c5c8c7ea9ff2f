import type { CloudEvent } from '@imc/contracts';
import { consentEv, crisisEv, ev, proposalWith, proposedLoan, twoMissionWorld } from '../testing/event.fixtures';
import { World } from '../world.state';

const T0 = '2010-12-01T00:00:00Z';
const T1 = '2010-12-02T00:00:00Z';
const loanA = proposedLoan({ loanId: 'loan-a', unitIds: ['UNMIL-inf-01', 'UNMIL-inf-02'] });
const loanB = proposedLoan({ loanId: 'loan-b', unitIds: ['UNMIL-inf-03'], contributor: 'NGA' });
const approve = (loanIds: string[], id = 'dec-1') => ev('imc.allocation.decided', T1, { decisionId: id, proposalId: 'global:1', loanIds, decision: 'approved', reviewer: 'dpo', version: 1 });

function world(extra: CloudEvent[]): World {
  const w = World.empty();
  for (const e of [...twoMissionWorld(T0), consentEv(T0, { consentId: 'nga', kind: 'contributor', party: 'NGA' })]) w.apply(e);
  w.recordProposal(proposalWith([loanA, loanB]));
  for (const e of extra) expect(w.apply(e).status).toBe('applied');
  return w;
}

describe('an approval is judged against the rules when it is applied (v3)', () => {
  it('approves a loan whose donor and consents are as when it was proposed', () => {
    const w = world([]);
    expect(w.approvalBlocker(loanA)).toBeUndefined();
    expect(w.apply(approve(['loan-a']))).toEqual({ status: 'applied', notes: [] });
    expect(w.loan('loan-a')?.status).toBe('approved');
  });

  it('refuses it when the donor is now in crisis during the loan, naming the crisis', () => {
    // A crisis of UNMIL's declared after the proposal, its window inside the loan (10 Dec to 15 Mar).
    const w = world([crisisEv(T1, 'declared', { crisisId: 'lbr-2011', missionId: 'UNMIL', window: { start: '2011-01-10T00:00:00Z', end: '2011-02-10T00:00:00Z' } })]);
    const why = 'UNMIL is in crisis from 2011-01-10 (lbr-2011, security), during the loan (2010-12-10 to 2011-03-15)';
    expect(w.approvalBlocker(loanA)).toBe(why);
    expect(w.apply(approve(['loan-a']))).toEqual({ status: 'rejected', reason: `decision dec-1: loan loan-a cannot be approved: ${why}` });
    expect(w.loan('loan-a')).toBeUndefined();
    // Refused, so not recorded: the same decision is not a duplicate of anything either way.
    expect(w.decisionsOn('global:1')).toEqual([]);
  });

  it('refuses it when a consent it relies on is now refused, and approves the others of the decision', () => {
    const w = world([consentEv(T1, { consentId: 'pak', kind: 'contributor', party: 'PAK', status: 'refused', version: 2 })]);
    expect(w.approvalBlocker(loanA)).toBe('no longer has its consents: contributor PAK refused (pak)');
    expect(w.approvalBlocker(loanB)).toBeUndefined();
    expect(w.apply(approve(['loan-a', 'loan-b']))).toEqual({ status: 'applied', notes: ['loan loan-a refused: no longer has its consents: contributor PAK refused (pak)'] });
    expect(w.loan('loan-a')).toBeUndefined();
    expect(w.loan('loan-b')?.status).toBe('approved');
  });

  it('lets the donor lend in its crisis when the policy says so', () => {
    const w = world([
      crisisEv(T1, 'declared', { crisisId: 'lbr-2011', missionId: 'UNMIL', window: { start: '2011-01-10T00:00:00Z', end: '2011-02-10T00:00:00Z' } }),
      ev('imc.policy.updated', T1, { policyId: 'default', version: 1, donorInCrisisLends: true }),
    ]);
    expect(w.apply(approve(['loan-a'])).status).toBe('applied');
    // Approved; and at once recommended for recall, since UNMIL's crisis asks for companies itself.
    expect(w.loan('loan-a')?.status).toBe('recall-recommended');
  });
});
