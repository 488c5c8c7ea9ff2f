import type { CloudEvent, Proposal, ProposedLoan } from '@imc/contracts';
import type { PlanningProblem } from './planning-problem';
import { PlanFn, PlanningSession, resolveShorthand } from './planning-session';
import { ev, proposalWith, proposedLoan, twoMissionWorld } from './testing/event.fixtures';
import { World } from './world.state';

const loanA = proposedLoan({ loanId: 'loan-a', unitIds: ['UNMIL-inf-01'] });
const loanB = proposedLoan({ loanId: 'loan-b', unitIds: ['UNMIL-inf-02'] });

/** A proposal with a given version, loans and asOf (the fixtures' default asOf is 1 Dec 2010). */
function published(version: number, loans: ProposedLoan[], asOf = '2010-12-01T00:00:00.000Z'): Proposal {
  return { ...proposalWith(loans, version), asOf };
}

/** An engine that answers with the loans the test sets, stamping scope, version and asOf as a real one does. */
function scripted(): { plan: PlanFn; next: { loans: ProposedLoan[] }; calls: PlanningProblem[] } {
  const state = { next: { loans: [] as ProposedLoan[] }, calls: [] as PlanningProblem[] };
  const plan: PlanFn = async (problem, { scope, version }) => {
    state.calls.push(problem);
    return { ...proposalWith(state.next.loans, version), proposalId: `${scope}:${version}`, scope, asOf: problem.asOf };
  };
  return { plan, ...state };
}

const decided = (time: string, proposalId: string, loanIds: string[], decisionId = 'd-1', verdict: 'approved' | 'rejected' = 'approved'): CloudEvent =>
  ev('imc.allocation.decided', time, { decisionId, proposalId, loanIds, decision: verdict, reviewer: 'ops', version: 1 });

function sessionWithWorld(plan: PlanFn = scripted().plan): PlanningSession {
  const session = new PlanningSession({ plan });
  for (const e of twoMissionWorld()) session.apply(e);
  return session;
}

describe('PlanningSession: one decision rule (issue 14, defect 1)', () => {
  /**
   * global:1 {a, b}, then global:2 {a}, then a decision on global:1 approving b. Before this
   * session, live rejected it (b is not in the newest proposal) while a restart applied it.
   */
  const records = (session: PlanningSession, order: 'live' | 'restart') => {
    const p1 = published(1, [loanA, loanB]);
    const p2 = published(2, [loanA], '2010-12-02T00:00:00.000Z');
    const decision = decided('2010-12-03T00:00:00Z', 'global:1', ['loan-b']);
    if (order === 'restart') {
      session.restoreProposal(p1);
      session.restoreProposal(p2);
      return session.apply(decision);
    }
    session.accept(p1);
    session.accept(p2);
    return session.apply(decision);
  };

  it.each(['live', 'restart'] as const)('approves b on global:1 when its units are free (%s)', (order) => {
    const session = sessionWithWorld();
    expect(records(session, order)).toEqual({ status: 'applied', notes: [] });
    expect(session.world.loans().map((l) => [l.loanId, l.proposalId, l.status])).toEqual([['loan-b', 'global:1', 'approved']]);
    expect(session.world.unitsOnLoan()).toEqual(new Set(['UNMIL-inf-02']));
    // The newest proposal stays the newest: the next plan continues from global:2.
    expect(session.latestProposal?.proposalId).toBe('global:2');
  });

  it('ignores, with a note, loans the named proposal does not hold; refuses a decision with none', () => {
    const session = sessionWithWorld();
    session.accept(published(1, [loanA]));
    const some = session.apply(decided('2010-12-03T00:00:00Z', 'global:1', ['loan-a', 'loan-x']));
    expect(some).toEqual({ status: 'applied', notes: ['ignored loans not in proposal global:1: loan-x'] });
    const none = session.apply(decided('2010-12-03T00:00:00Z', 'global:1', ['loan-y'], 'd-2'));
    expect(none).toEqual({ status: 'rejected', reason: 'decision d-2: loans not in proposal global:1: loan-y' });
    const unknown = session.apply(decided('2010-12-03T00:00:00Z', 'global:7', ['loan-a'], 'd-3'));
    expect(unknown).toEqual({ status: 'rejected', reason: 'decision d-3: proposal global:7 was never published' });
    // A refused decision is not in the ledger.
    expect(session.world.decisionsOn('global:1').map((d) => d.decisionId)).toEqual(['d-1']);
  });

  it('does not approve a loan whose unit is no longer available or already on loan', () => {
    const session = sessionWithWorld();
    const twin = proposedLoan({ loanId: 'loan-a2', unitIds: ['UNMIL-inf-01'], demandId: 'c2/infantry-company' });
    session.accept(published(1, [loanA, twin]));
    session.apply(decided('2010-12-03T00:00:00Z', 'global:1', ['loan-a']));
    const second = session.apply(decided('2010-12-03T00:00:00Z', 'global:1', ['loan-a2'], 'd-2'));
    expect(second).toEqual({ status: 'applied', notes: ['loan loan-a2 ignored: units no longer available: UNMIL-inf-01'] });
    expect(session.world.loans().map((l) => l.loanId)).toEqual(['loan-a']);
  });
});

describe('PlanningSession: scenario shorthand', () => {
  it('reads `latest` as the newest proposal strictly before the decision, `*` as all its loans', () => {
    const world = World.empty();
    world.recordProposal(published(1, [loanA, loanB], '2010-12-01T00:00:00.000Z'));
    world.recordProposal(published(2, [loanA], '2010-12-03T00:00:00.000Z'));
    const at = (time: string) => resolveShorthand(decided(time, 'latest', ['*']), world).data;
    // At the very time global:2 was planned, the planner could only have seen global:1.
    expect(at('2010-12-03T00:00:00Z')).toMatchObject({ proposalId: 'global:1', loanIds: ['loan-a', 'loan-b'] });
    expect(at('2010-12-04T00:00:00Z')).toMatchObject({ proposalId: 'global:2', loanIds: ['loan-a'] });
    // `*` on a named proposal means that proposal's loans.
    expect(resolveShorthand(decided('2010-12-04T00:00:00Z', 'global:1', ['*']), world).data).toMatchObject({ proposalId: 'global:1', loanIds: ['loan-a', 'loan-b'] });
    // Nothing before it: left as written, so the world refuses it with a reason.
    expect(at('2010-11-01T00:00:00Z')).toMatchObject({ proposalId: 'latest', loanIds: ['*'] });
  });

  it('gives the same `latest` however many proposals are known beyond the decision (live vs restart)', () => {
    const live = World.empty();
    live.recordProposal(published(1, [loanA, loanB], '2010-12-01T00:00:00.000Z'));
    const restarted = live.clone();
    restarted.recordProposal(published(2, [loanA], '2010-12-05T00:00:00.000Z'));
    const decision = decided('2010-12-02T00:00:00Z', 'latest', ['*']);
    expect(resolveShorthand(decision, restarted).data).toEqual(resolveShorthand(decision, live).data);
  });
});

describe('PlanningSession: stepping', () => {
  it('plans before time moves on only when something was applied', async () => {
    const engine = scripted();
    const session = sessionWithWorld(engine.plan);
    const later = ev('imc.clock.ticked', '2010-12-02T00:00:00Z', {});
    const sameMoment = ev('imc.clock.ticked', '2010-12-01T00:00:00Z', {});
    expect(session.needsPlanBefore(sameMoment)).toBe(false);
    expect(session.needsPlanBefore(later)).toBe(true);
    session.apply(sameMoment);
    await session.plan();
    expect(session.hasUnplannedChanges()).toBe(false);
    expect(session.needsPlanBefore(later)).toBe(false);
    // A duplicate changes nothing and asks for no plan.
    expect(session.apply(sameMoment).status).toBe('duplicate');
    expect(session.hasUnplannedChanges()).toBe(false);
    expect(session.needsPlanBefore(later)).toBe(false);
  });

  it('counts a plan ahead only when adopted, and adopts it only if nothing changed the world after it started', async () => {
    const engine = scripted();
    const session = sessionWithWorld(engine.plan);
    const later = ev('imc.clock.ticked', '2010-12-02T00:00:00Z', {});

    // Nothing changed since it started: adopted, and the world counts as planned.
    const kept = await session.planAhead();
    expect(session.hasUnplannedChanges()).toBe(true);
    expect(session.needsPlanBefore(later)).toBe(true);
    expect(session.adopt(kept.stamp)).toBe(true);
    expect(session.hasUnplannedChanges()).toBe(false);
    expect(session.needsPlanBefore(later)).toBe(false);

    // An event applied while it ran: not the plan of the world as it is; the change still asks for one.
    session.apply(ev('imc.clock.ticked', '2010-12-01T06:00:00Z', {}));
    const running = session.planAhead();
    const noon = ev('imc.clock.ticked', '2010-12-01T12:00:00Z', {});
    session.apply(noon);
    const dropped = await running;
    expect(dropped.outcome.proposal.asOf).toBe('2010-12-01T06:00:00.000Z');
    expect(session.adopt(dropped.stamp)).toBe(false);
    expect(session.hasUnplannedChanges()).toBe(true);

    // A duplicate changes nothing: the plan ahead stands.
    const again = await session.planAhead();
    expect(session.apply(noon).status).toBe('duplicate');
    expect(session.adopt(again.stamp)).toBe(true);

    // A proposal accepted after it started changes its previous proposal: dropped.
    session.apply(later);
    const beforeAccept = await session.planAhead();
    session.accept(again.outcome.proposal);
    expect(session.adopt(beforeAccept.stamp)).toBe(false);
  });

  it('continues the version sequence, says when a plan is unchanged, and counts a proposal only once accepted', async () => {
    const engine = scripted();
    const session = sessionWithWorld(engine.plan);
    session.restoreProposal(published(4, [loanA]));
    session.restoreProposal({ ...published(9, [loanB]), scope: 'west-africa', proposalId: 'west-africa:9' });

    engine.next.loans = [loanA];
    const same = await session.plan();
    expect(same.proposal.version).toBe(5);
    expect(same.changed).toBe(false);

    engine.next.loans = [loanA, loanB];
    const different = await session.plan();
    expect(different).toMatchObject({ changed: true, proposal: { proposalId: 'global:5' } });
    // Not published yet: not the previous of the next plan, and no decision may name it.
    expect(session.latestProposal?.proposalId).toBe('global:4');
    expect(session.apply(decided('2010-12-03T00:00:00Z', 'global:5', ['loan-b'])).status).toBe('rejected');
    session.accept(different.proposal);
    expect(session.latestProposal?.proposalId).toBe('global:5');
    expect((await session.plan()).proposal.version).toBe(6);
  });

  it('keeps a proposal handed over without copying it, and tells an unchanged plan after it (remembered fingerprint)', async () => {
    const engine = scripted();
    const session = sessionWithWorld(engine.plan);
    engine.next.loans = [loanA];
    const first = await session.plan();
    session.accept(first.proposal, { owned: true });
    expect(session.latestProposal).toBe(first.proposal);
    expect((await session.plan()).changed).toBe(false);
    engine.next.loans = [loanA, loanB];
    const second = await session.plan();
    expect(second.changed).toBe(true);
    // Not handed over: the world keeps its own copy, which a later edit of the caller's does not reach.
    session.accept(second.proposal);
    expect(session.latestProposal).not.toBe(second.proposal);
    second.proposal.loans.pop();
    expect(session.latestProposal?.loans).toHaveLength(2);
    engine.next.loans = [loanA, loanB];
    expect((await session.plan()).changed).toBe(false);
    engine.next.loans = [loanB];
    expect((await session.plan()).changed).toBe(true);
  });
});

describe('PlanningSession: the Planner port', () => {
  it('hands its world, scope, next version and previous proposal to the planner, and takes its fingerprint', async () => {
    const seen: { world: World; scope: string; version: number; previous?: Proposal }[] = [];
    const planner = {
      planWorld: async (world: World, request: { scope: string; version: number; previous?: Proposal }) => {
        seen.push({ world, ...request });
        return { proposal: { ...proposalWith([loanA], request.version), proposalId: `${request.scope}:${request.version}` }, fingerprint: `fp-${request.version === 2 ? 1 : request.version}` };
      },
    };
    const session = new PlanningSession({ planner, scope: 'east' });
    for (const e of twoMissionWorld()) session.apply(e);
    const first = await session.plan();
    session.accept(first.proposal);
    const second = await session.plan();
    expect(seen.map((s) => [s.world === session.world, s.scope, s.version, s.previous?.proposalId])).toEqual([
      [true, 'east', 1, undefined],
      [true, 'east', 2, 'east:1'],
    ]);
    // The planner's fingerprint decides: the second plan says the same as the first.
    expect([first.changed, second.changed]).toEqual([true, false]);
  });
});
