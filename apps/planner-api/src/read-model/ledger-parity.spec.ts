import type { CloudEvent, Proposal } from '@imc/contracts';
import { TOPICS } from '@imc/contracts';
import { AllocatorState } from '../../../allocator/src/state/allocator-state';
import { decision, decisionEvent, proposal, proposedEvent, proposedLoan, returnEvent, unitEvent } from '../testing/fixtures';
import { PlannerView } from './planner-view';

/**
 * The allocator (AllocatorState, i.e. its PlanningSession) and the API (PlannerView) are fed the
 * same records; both resolve decisions with the one ledger, the domain World, so they must give the
 * same answers: loans approved, pairings rejected, units busy, decisions counted per proposal.
 */
describe('one decision ledger: the allocator path and the API path agree', () => {
  const a = proposedLoan('loan-a', ['heli-1']);
  const b = proposedLoan('loan-b', ['heli-2']);
  const onCommitted = proposedLoan('loan-c', ['heli-4']);
  const aTwin = proposedLoan('loan-a2', ['heli-1'], 'crisis-2/utility-helicopter');
  const d = proposedLoan('loan-d', ['heli-3'], 'crisis-2/utility-helicopter');
  const p1 = proposal('global', 1, [a, b, onCommitted]);
  const p2 = proposal('global', 2, [aTwin, d]);

  type Step = { topic: string; text: string } | { proposal: Proposal };
  const steps: Step[] = [
    ...['heli-1', 'heli-2', 'heli-3'].map((u) => ({ topic: TOPICS.units, text: unitEvent(u) })),
    { topic: TOPICS.units, text: unitEvent('heli-4', 'committed') },
    { proposal: p1 },
    { topic: TOPICS.decisions, text: decisionEvent(decision('d-1', 'global:1', ['loan-a'])) },
    { proposal: p2 },
    // heli-1 is away on loan-a: no second loan of it.
    { topic: TOPICS.decisions, text: decisionEvent(decision('d-2', 'global:2', ['loan-a2'])) },
    { topic: TOPICS.decisions, text: decisionEvent(decision('d-3', 'global:2', ['loan-d'], 'rejected')) },
    // heli-4 is committed, not available: the World refuses it (the old API ledger approved it).
    { topic: TOPICS.decisions, text: decisionEvent(decision('d-4', 'global:1', ['loan-c'])) },
    // Decided on global:1 after global:2 dropped it: resolved against global:1, units free.
    { topic: TOPICS.decisions, text: decisionEvent(decision('d-5', 'global:1', ['loan-b'])) },
    // Names no loan of its proposal: refused by both.
    { topic: TOPICS.decisions, text: decisionEvent(decision('d-6', 'global:2', ['loan-zzz'])) },
    { topic: TOPICS.decisions, text: returnEvent('loan-b', '2010-12-20T00:00:00Z') },
  ];

  function answers(busy: Set<string>, approved: string[], rejectedPairing: (unitId: string, demandId: string) => boolean, decisionsOn: (id: string) => string[]) {
    return {
      busy: [...busy].sort(),
      approved,
      rejectedPairings: [a, b, onCommitted, aTwin, d].flatMap((l) => l.unitIds.filter((u) => rejectedPairing(u, l.demandId)).map((u) => `${u}|${l.demandId}`)),
      decisions: { 'global:1': decisionsOn('global:1'), 'global:2': decisionsOn('global:2') },
    };
  }

  it('gives the same answers', () => {
    const state = new AllocatorState();
    const view = new PlannerView();
    const refusedByAllocator: string[] = [];
    for (const step of steps) {
      if ('proposal' in step) {
        state.accept(step.proposal);
        view.applyRecord(TOPICS.proposals, proposedEvent(step.proposal));
        continue;
      }
      const event = JSON.parse(step.text) as CloudEvent;
      if (state.apply(event).status === 'rejected') refusedByAllocator.push(event.id);
      view.applyRecord(step.topic, step.text);
    }
    const world = state.session.world;
    const allocator = answers(
      world.unitsOnLoan(),
      world.loans().map((l) => l.loanId),
      (u, dm) => world.isRejectedPairing(u, dm),
      (id) => world.decisionsOn(id).map((x) => x.decisionId),
    );
    const api = answers(
      view.busyUnits(),
      [a, b, onCommitted, aTwin, d].filter((l) => view.loanState(l.loanId).approved).map((l) => l.loanId),
      (u, dm) => view.isRejectedPairing(u, dm),
      (id) => view.view(view.proposal(id)!).decisions.map((x) => x.decisionId),
    );
    expect(api).toEqual(allocator);
    // And the answers themselves, so that both being wrong the same way fails too.
    expect(allocator).toEqual({
      busy: ['heli-1'],
      approved: ['loan-a', 'loan-b'],
      rejectedPairings: ['heli-3|crisis-2/utility-helicopter'],
      decisions: { 'global:1': ['d-1', 'd-4', 'd-5'], 'global:2': ['d-2', 'd-3'] },
    });
    expect(refusedByAllocator).toEqual(['evt-d-6']);
    expect(view.counts.refused).toBe(1);
    expect(view.loanState('loan-c').approved).toBeUndefined();
    expect(view.loanState('loan-d').rejected?.decisionId).toBe('d-3');
  });
});
