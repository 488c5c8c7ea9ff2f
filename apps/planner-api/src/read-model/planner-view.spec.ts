import { TOPICS } from '@imc/contracts';
import { decision, decisionEvent, proposal, proposedEvent, proposedLoan, returnEvent } from '../testing/fixtures';
import { PlannerView } from './planner-view';

const a = proposedLoan('loan-a', ['heli-1']);
const b = proposedLoan('loan-b', ['heli-2']);
const aTwin = proposedLoan('loan-a2', ['heli-1'], 'crisis-2/utility-helicopter');

describe('PlannerView', () => {
  it('derives pending and superseded from write order, per scope, newest first', () => {
    const view = new PlannerView();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a])));
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('west-africa', 1, [b])));
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 2, [a, b])));
    expect(view.listProposals({}).map((p) => p.proposalId)).toEqual(['global:2', 'west-africa:1', 'global:1']);
    expect(view.listProposals({ status: 'pending' }).map((p) => p.proposalId)).toEqual(['global:2', 'west-africa:1']);
    expect(view.listProposals({ status: 'superseded', scope: 'global' }).map((p) => p.proposalId)).toEqual(['global:1']);
    expect(view.currentProposal('global')?.proposalId).toBe('global:2');
  });

  it('ignores a record read twice and records that are not events', () => {
    const view = new PlannerView();
    const text = proposedEvent(proposal('global', 1, [a]));
    expect(view.applyRecord(TOPICS.proposals, text)).toBe('applied');
    expect(view.applyRecord(TOPICS.proposals, text)).toBe('duplicate');
    expect(view.applyRecord(TOPICS.proposals, 'not json')).toBe('skipped');
    expect(view.applyRecord(TOPICS.decisions, '{"specversion":"1.0"}')).toBe('skipped');
    const d = decisionEvent(decision('d-1', 'global:1', ['loan-a']));
    expect(view.applyRecord(TOPICS.decisions, d)).toBe('applied');
    expect(view.applyRecord(TOPICS.decisions, d)).toBe('duplicate');
    expect(view.decisionCount()).toBe(1);
  });

  it('resolves an approval against the current proposal, and never approves a unit twice', () => {
    const view = new PlannerView();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a, b])));
    view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-1', 'global:1', ['loan-a'])));
    expect(view.loanState('loan-a').approved?.decisionId).toBe('d-1');
    expect(view.busyUnits()).toEqual(new Set(['heli-1']));

    // A later proposal offers the same unit for another demand: a second approval changes nothing.
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 2, [aTwin])));
    view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-2', 'global:2', ['loan-a2'])));
    expect(view.loanState('loan-a2').approved).toBeUndefined();

    // A decision naming a loan the current proposal no longer holds changes nothing either.
    view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-3', 'global:1', ['loan-b'])));
    expect(view.loanState('loan-b').approved).toBeUndefined();
  });

  it('resolves a file decision (latest, *) against the current proposal', () => {
    const view = new PlannerView();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a, b])));
    view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-file', 'latest', ['*'])));
    expect(view.loanState('loan-a').approved?.proposalId).toBe('global:1');
    expect(view.loanState('loan-b').approved?.decisionId).toBe('d-file');
    expect(view.view(view.currentProposal('global')!).decisions.map((d) => d.loanIds)).toEqual([['loan-a', 'loan-b']]);
  });

  it('at start-up resolves a decision against the proposal it names, live against the current one', () => {
    const replay = (restoring: boolean) => {
      const view = new PlannerView();
      if (restoring) view.beginRestore();
      view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a, b])));
      // The next proposal was written just before the decision taken on global:1.
      view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 2, [a])));
      view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-1', 'global:1', ['loan-b'])));
      view.endRestore();
      return view.loanState('loan-b').approved?.decisionId;
    };
    expect(replay(true)).toBe('d-1');
    expect(replay(false)).toBeUndefined();
  });

  it('frees the units on a return, and knows the loan came back', () => {
    const view = new PlannerView();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a])));
    view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-1', 'global:1', ['loan-a'])));
    view.applyRecord(TOPICS.decisions, returnEvent('loan-a', '2011-04-01T00:00:00Z'));
    expect(view.loanState('loan-a').returnedAt).toBe('2011-04-01T00:00:00Z');
    expect(view.busyUnits().size).toBe(0);
  });

  it('counts a published decision at once, and once only when it is read back', () => {
    const view = new PlannerView();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a, b])));
    const d = decision('d-9', 'global:1', ['loan-b']);
    view.recordPublishedDecision('evt-d-9', d);
    expect(view.loanState('loan-b').approved?.decisionId).toBe('d-9');
    expect(view.busyUnits()).toEqual(new Set(['heli-2']));
    view.applyRecord(TOPICS.decisions, decisionEvent(d));
    expect(view.loanState('loan-b').approved?.decisionId).toBe('d-9');
    expect(view.view(view.currentProposal('global')!).decisions).toHaveLength(1);
  });

  it('ignores the ack of a decision the consumer has already read back', () => {
    const view = new PlannerView();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a])));
    const d = decision('d-fast', 'global:1', ['loan-a']);
    view.applyRecord(TOPICS.decisions, decisionEvent(d));
    view.recordPublishedDecision('evt-d-fast', d);
    view.applyRecord(TOPICS.decisions, returnEvent('loan-a', '2011-04-01T00:00:00Z'));
    expect(view.busyUnits().size).toBe(0);
    expect(view.view(view.currentProposal('global')!).decisions).toHaveLength(1);
  });

  it('keeps the allocator loans by version and lists them by status', () => {
    const view = new PlannerView();
    const loan = (version: number, status: string) =>
      JSON.stringify({ specversion: '1.0', id: `loan-a:${version}`, source: '/imc/allocator', type: 'imc.loan.updated', time: '2010-12-05T00:00:00Z', data: { ...a, approvedAt: '2010-12-05T00:00:00Z', status, version } });
    view.applyRecord(TOPICS.loans, loan(2, 'active'));
    view.applyRecord(TOPICS.loans, loan(1, 'approved'));
    expect(view.listLoans().map((l) => l.status)).toEqual(['active']);
    expect(view.listLoans('approved')).toEqual([]);
    expect(view.loanState('loan-a').known).toBe(true);
  });

  it('feeds the domain World from the input topics', () => {
    const view = new PlannerView();
    const mission = { missionId: 'UNMIL', name: 'UNMIL', hostState: 'LBR', region: 'west-africa', hq: { lat: 6.3, lon: -10.8 }, status: 'normal', receivingCapacity: { personnel: 100, aircraft: 2 }, version: 1 };
    const event = JSON.stringify({ specversion: '1.0', id: 'm-1', source: '/test', type: 'imc.mission.upserted', time: '2010-11-01T00:00:00Z', data: mission });
    expect(view.applyRecord(TOPICS.missions, event)).toBe('applied');
    expect(view.applyRecord(TOPICS.units, event)).toBe('skipped');
    expect(view.world.missions().map((m) => m.missionId)).toEqual(['UNMIL']);
    expect(view.world.asOf).toBe('2010-11-01T00:00:00.000Z');
  });
});
