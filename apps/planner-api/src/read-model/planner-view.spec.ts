import { TOPICS } from '@imc/contracts';
import { decision, decisionEvent, proposal, proposedEvent, proposedLoan, returnEvent, unitEvent } from '../testing/fixtures';
import { PlannerView } from './planner-view';

const a = proposedLoan('loan-a', ['heli-1']);
const b = proposedLoan('loan-b', ['heli-2']);
const aTwin = proposedLoan('loan-a2', ['heli-1'], 'crisis-2/utility-helicopter');

/** A view whose World knows the helicopters the loans name, available. */
function withUnits(): PlannerView {
  const view = new PlannerView();
  for (const u of ['heli-1', 'heli-2']) view.applyRecord(TOPICS.units, unitEvent(u));
  return view;
}

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

  it('(v3) names the policy\'s currency on every proposal it answers: USD until a policy says otherwise', () => {
    const view = new PlannerView();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a])));
    expect(view.view(view.currentProposal('global')!).currency).toBe('USD');
    const policy = { specversion: '1.0', id: 'policy-eur', source: '/test', type: 'imc.policy.updated', time: '2010-12-02T00:00:00Z', data: { policyId: 'default', version: 1, currency: 'EUR' } };
    expect(view.applyRecord(TOPICS.policies, JSON.stringify(policy))).toBe('applied');
    expect(view.view(view.currentProposal('global')!).currency).toBe('EUR');
  });

  it('ignores a record read twice and records that are not events', () => {
    const view = withUnits();
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

  it('resolves an approval against the proposal it names, and never approves a unit twice', () => {
    const view = withUnits();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a, b])));
    view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-1', 'global:1', ['loan-a'])));
    expect(view.loanState('loan-a').approved?.decisionId).toBe('d-1');
    expect(view.busyUnits()).toEqual(new Set(['heli-1']));

    // A later proposal offers the same unit for another demand: a second approval changes nothing.
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 2, [aTwin])));
    view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-2', 'global:2', ['loan-a2'])));
    expect(view.loanState('loan-a2').approved).toBeUndefined();

    // A decision on global:1 for a loan global:2 no longer holds: global:1 holds it and its unit is free.
    view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-3', 'global:1', ['loan-b'])));
    expect(view.loanState('loan-b').approved?.decisionId).toBe('d-3');
  });

  it('refuses an approval of a unit the World does not hold as available', () => {
    const view = withUnits();
    view.applyRecord(TOPICS.units, unitEvent('heli-2', 'committed'));
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a, b])));
    view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-1', 'global:1', ['loan-b'])));
    expect(view.loanState('loan-b').approved).toBeUndefined();
    expect(view.busyUnits()).toEqual(new Set());
  });

  it('resolves a file decision (latest, *) against the newest proposal before its time', () => {
    const view = withUnits();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a, b])));
    view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-file', 'latest', ['*'])));
    expect(view.loanState('loan-a').approved?.proposalId).toBe('global:1');
    expect(view.loanState('loan-b').approved?.decisionId).toBe('d-file');
    expect(view.view(view.currentProposal('global')!).decisions.map((d) => d.loanIds)).toEqual([['loan-a', 'loan-b']]);
  });

  it('gives the same answer whether the proposals come before the decision (start-up) or not (live)', () => {
    const replay = (proposalsFirst: boolean) => {
      const view = withUnits();
      const p1 = proposedEvent(proposal('global', 1, [a, b]));
      const p2 = proposedEvent(proposal('global', 2, [a]));
      const d = decisionEvent(decision('d-1', 'global:1', ['loan-b']));
      const order: [string, string][] = proposalsFirst
        ? [[TOPICS.proposals, p1], [TOPICS.proposals, p2], [TOPICS.decisions, d]]
        : [[TOPICS.proposals, p1], [TOPICS.decisions, d], [TOPICS.proposals, p2]];
      for (const [topic, text] of order) view.applyRecord(topic, text);
      return view.loanState('loan-b').approved?.decisionId;
    };
    expect(replay(true)).toBe('d-1');
    expect(replay(false)).toBe('d-1');
  });

  it('does not list a decision the World refused under its proposal (issue 9, defect 5)', () => {
    const view = withUnits();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a])));
    expect(view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-bad', 'global:1', ['loan-zzz'])))).toBe('refused');
    expect(view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-good', 'global:1', ['loan-a'])))).toBe('applied');
    expect(view.view(view.proposal('global:1')!).decisions.map((d) => d.decisionId)).toEqual(['d-good']);
    expect(view.counts.refused).toBe(1);
  });

  it('frees the units on a return, and knows the loan came back', () => {
    const view = withUnits();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a])));
    view.applyRecord(TOPICS.decisions, decisionEvent(decision('d-1', 'global:1', ['loan-a'])));
    view.applyRecord(TOPICS.decisions, returnEvent('loan-a', '2011-04-01T00:00:00Z'));
    expect(view.loanState('loan-a').returnedAt).toBe('2011-04-01T00:00:00.000Z');
    expect(view.busyUnits().size).toBe(0);
  });

  it('counts a published decision at once, and once only when it is read back', () => {
    const view = withUnits();
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
    const view = withUnits();
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

  it('reads a binary-mode decision like a structured one, and never throws on a poison record', () => {
    const view = withUnits();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [a])));
    const d = decision('d-bin', 'global:1', ['loan-a']);
    const headers = { ce_specversion: '1.0', ce_id: 'evt-d-bin', ce_source: '/test', ce_type: 'imc.allocation.decided', ce_time: '2010-12-05T00:00:00Z', 'content-type': 'application/json' };
    expect(view.applyRecord(TOPICS.decisions, Buffer.from(JSON.stringify(d)), headers)).toBe('applied');
    expect(view.decisionCount()).toBe(1);
    const poison = [
      '{"specversion":"1.0","id":"p","source":"/x","type":"imc.clock.ticked","time":"2010-12-02T00:00:00Z","data":{"constructor":1}}',
      `{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      '{"specversion":"1.0","id":"p2","source":"/x","type":"imc.clock.ticked","time":"2012-11-27T00","data":{}}',
      `{"specversion":"1.0","id":"p3","source":"/x","type":"imc.allocation.proposed","time":"2010-12-02T00:00:00Z","data":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    ];
    for (const text of poison) {
      for (const topic of [TOPICS.clock, TOPICS.proposals, TOPICS.loans]) expect(view.applyRecord(topic, text)).toBe('skipped');
    }
    expect(view.applyRecord(TOPICS.decisions, null)).toBe('skipped');
  });
});
