import { buildPlanningProblem } from './planning-problem.builder';
import { consentEv, crisisEv, ev, missionEv, proposalWith, proposedLoan, twoMissionWorld, unitEv } from './testing/event.fixtures';
import { World } from './world.state';

function worldOf(events = twoMissionWorld()): World {
  const w = World.empty();
  for (const e of events) expect(w.apply(e).status).toBe('applied');
  return w;
}

describe('World.apply', () => {
  it('ignores an event id it has already applied', () => {
    const w = World.empty();
    const e = missionEv('2010-12-01T00:00:00Z', { missionId: 'UNMIL' });
    expect(w.apply(e).status).toBe('applied');
    expect(w.apply({ ...e, data: { ...(e.data as object), name: 'changed' } })).toEqual({ status: 'duplicate' });
    expect(w.mission('UNMIL')?.name).toBe('UNMIL');
    expect(w.stats.duplicate).toBe(1);
  });

  it('ignores and counts a version not above the one held', () => {
    const w = World.empty();
    w.apply(missionEv('2010-12-01T00:00:00Z', { missionId: 'UNMIL', name: 'v2', version: 2 }));
    const result = w.apply(missionEv('2010-12-02T00:00:00Z', { missionId: 'UNMIL', name: 'v2 again', version: 2 }));
    expect(result.status).toBe('stale');
    expect(w.mission('UNMIL')?.name).toBe('v2');
    expect(w.stats.stale).toBe(1);
  });

  it('keeps a removed unit removed against an older upsert', () => {
    const w = World.empty();
    w.apply(unitEv('2010-12-01T00:00:00Z', { unitId: 'u1', missionId: 'UNMIL', version: 1 }));
    w.apply(ev('imc.unit.removed', '2010-12-02T00:00:00Z', { unitId: 'u1', version: 2 }));
    expect(w.apply(unitEv('2010-12-03T00:00:00Z', { unitId: 'u1', missionId: 'UNMIL', version: 2 })).status).toBe('stale');
    expect(w.unit('u1')).toBeUndefined();
  });

  it('advances asOf to the latest event time, clock ticks included, never backwards', () => {
    const w = worldOf();
    w.apply(ev('imc.clock.ticked', '2011-01-05T00:00:00Z', {}));
    w.apply(ev('imc.clock.ticked', '2011-01-02T00:00:00Z', {}));
    expect(w.asOf).toBe('2011-01-05T00:00:00.000Z');
  });

  it('merges a policy event over the defaults', () => {
    const w = World.empty();
    w.apply(ev('imc.policy.updated', '2010-12-01T00:00:00Z', { version: 1, maxLoanDays: 60 }));
    expect(w.policy.maxLoanDays).toBe(60);
    expect(w.policy.minCoverage).toBe(0.25);
  });
});

describe('World crises and demands', () => {
  it('raises one demand per requirement, weighted by priority times severity', () => {
    const w = worldOf([...twoMissionWorld(), crisisEv('2010-12-15T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI', severity: 4 })]);
    expect(w.openDemands()).toEqual([
      expect.objectContaining({ demandId: 'c1/infantry-company', missionId: 'UNOCI', crisisId: 'c1', quantity: 2, weight: 20 }),
    ]);
  });

  it('puts the mission in crisis during the window only', () => {
    const w = worldOf([...twoMissionWorld(), crisisEv('2010-12-15T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI' })]);
    expect(w.effectiveStatus('UNOCI')).toBe('normal');
    w.apply(ev('imc.clock.ticked', '2011-01-01T00:00:00Z', {}));
    expect(w.effectiveStatus('UNOCI')).toBe('crisis');
    w.apply(ev('imc.clock.ticked', '2011-03-01T00:00:00Z', {}));
    expect(w.effectiveStatus('UNOCI')).toBe('normal');
  });

  it('closes the demands of a resolved crisis', () => {
    const w = worldOf([...twoMissionWorld(), crisisEv('2010-12-15T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI' })]);
    w.apply(crisisEv('2011-01-10T00:00:00Z', 'resolved', { crisisId: 'c1', missionId: 'UNOCI', version: 2 }));
    expect(w.openDemands()).toEqual([]);
    expect(w.effectiveStatus('UNOCI')).toBe('normal');
  });

  it('opens and withdraws a raised demand, weight 1 per priority without a crisis', () => {
    const d = { demandId: 'd1', missionId: 'UNOCI', capability: 'formed-police-unit', quantity: 1, window: { start: '2011-01-01T00:00:00Z', end: '2011-02-01T00:00:00Z' }, priority: 6, version: 1 };
    const w = worldOf([...twoMissionWorld(), ev('imc.demand.raised', '2010-12-15T00:00:00Z', d)]);
    expect(w.openDemands()).toEqual([expect.objectContaining({ demandId: 'd1', weight: 6 })]);
    w.apply(ev('imc.demand.withdrawn', '2010-12-16T00:00:00Z', { ...d, version: 2 }));
    expect(w.openDemands()).toEqual([]);
  });

  it('drops demands whose window has closed', () => {
    const w = worldOf([...twoMissionWorld(), crisisEv('2010-12-15T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI' })]);
    w.apply(ev('imc.clock.ticked', '2011-03-02T00:00:00Z', {}));
    expect(w.openDemands()).toEqual([]);
  });
});

describe('World decisions and loans', () => {
  const decision = (loanIds: string[], decisionId = 'dec-1', verdict: 'approved' | 'rejected' = 'approved') => ({
    decisionId,
    proposalId: 'global:1',
    loanIds,
    decision: verdict,
    reviewer: 'ops',
    version: 1,
  });

  function withProposal(): World {
    const w = worldOf([...twoMissionWorld(), crisisEv('2010-12-01T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI' })]);
    w.recordProposal(proposalWith([proposedLoan({ loanId: 'loan-a', unitIds: ['UNMIL-inf-01', 'UNMIL-inf-02'] })]));
    return w;
  }

  it('turns an approved loan into a Loan whose units are away', () => {
    const w = withProposal();
    expect(w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision(['loan-a'])))).toEqual({ status: 'applied', notes: [] });
    expect(w.unitsOnLoan()).toEqual(new Set(['UNMIL-inf-01', 'UNMIL-inf-02']));
    expect(w.loans()[0]).toMatchObject({ loanId: 'loan-a', status: 'approved', personnel: 300, approvedAt: '2010-12-02T00:00:00.000Z' });
  });

  it('rejects a decision naming no loan of the current proposal, and notes the unknown ones', () => {
    const w = withProposal();
    const none = w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision(['loan-x'])));
    expect(none.status).toBe('rejected');
    const some = w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision(['loan-a', 'loan-x'], 'dec-2')));
    expect(some.status).toBe('applied');
    if (some.status === 'applied') expect(some.notes[0]).toContain('loan-x');
  });

  it('remembers a rejected pairing per unit and demand', () => {
    const w = withProposal();
    w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision(['loan-a'], 'dec-1', 'rejected')));
    expect(w.isRejectedPairing('UNMIL-inf-01', 'c1/infantry-company')).toBe(true);
    expect(w.isRejectedPairing('UNMIL-inf-03', 'c1/infantry-company')).toBe(false);
    expect(w.loans()).toEqual([]);
  });

  it('walks the loan lifecycle and reports each change once', () => {
    const w = withProposal();
    w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision(['loan-a'])));
    expect(w.takeLoanUpdates().map((l) => [l.status, l.version])).toEqual([['approved', 1]]);
    expect(w.takeLoanUpdates()).toEqual([]);
    w.apply(ev('imc.clock.ticked', '2010-12-10T00:00:00Z', {}));
    expect(w.takeLoanUpdates().map((l) => [l.status, l.version])).toEqual([['active', 2]]);
    w.apply(ev('imc.clock.ticked', '2011-03-20T00:00:00Z', {}));
    expect(w.takeLoanUpdates().map((l) => l.status)).toEqual(['due']);
    w.apply(ev('imc.clock.ticked', '2011-03-30T00:00:00Z', {}));
    expect(w.takeLoanUpdates().map((l) => l.status)).toEqual(['overdue']);
    w.apply(ev('imc.loan.returned', '2011-04-01T00:00:00Z', { loanId: 'loan-a', returnedAt: '2011-04-01T00:00:00Z' }));
    expect(w.takeLoanUpdates().map((l) => l.status)).toEqual(['returned']);
    expect(w.unitsOnLoan().size).toBe(0);
  });

  it('recommends recalling a loan when its donor enters crisis', () => {
    const w = withProposal();
    w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision(['loan-a'])));
    w.takeLoanUpdates();
    w.apply(crisisEv('2011-01-05T00:00:00Z', 'declared', { crisisId: 'c2', missionId: 'UNMIL', window: { start: '2011-01-05T00:00:00Z', end: '2011-02-01T00:00:00Z' } }));
    expect(w.takeLoanUpdates().map((l) => l.status)).toEqual(['recall-recommended']);
  });

  it('refuses to return an unknown loan or one returned already', () => {
    const w = withProposal();
    expect(w.apply(ev('imc.loan.returned', '2010-12-05T00:00:00Z', { loanId: 'nope', returnedAt: '2010-12-05T00:00:00Z' })).status).toBe('rejected');
    w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision(['loan-a'])));
    w.apply(ev('imc.loan.returned', '2010-12-05T00:00:00Z', { loanId: 'loan-a', returnedAt: '2010-12-05T00:00:00Z' }));
    expect(w.apply(ev('imc.loan.returned', '2010-12-06T00:00:00Z', { loanId: 'loan-a', returnedAt: '2010-12-06T00:00:00Z' })).status).toBe('rejected');
  });

  it('lapses a running loan whose consent is withdrawn: it stops counting, its units stay away', () => {
    const w = withProposal();
    w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision(['loan-a'])));
    w.takeLoanUpdates();
    w.apply(consentEv('2010-12-20T00:00:00Z', { consentId: 'civ', kind: 'host-state', party: 'CIV', status: 'withdrawn', version: 2 }));
    expect(w.takeLoanUpdates().map((l) => l.status)).toEqual(['consent-lapsed']);
    expect(w.loans()[0]).toMatchObject({ lapsedAt: '2010-12-20T00:00:00.000Z', lapsedBecause: 'host-state CIV withdrew consent (civ)' });
    expect(w.countingLoans()).toEqual([]);
    expect(w.unitsOnLoan()).toEqual(new Set(['UNMIL-inf-01', 'UNMIL-inf-02']));
    // Granted again later: still lapsed; a new approval is the way back, not a silent revival.
    w.apply(consentEv('2010-12-22T00:00:00Z', { consentId: 'civ', kind: 'host-state', party: 'CIV', status: 'granted', version: 3 }));
    expect(w.loans()[0].status).toBe('consent-lapsed');
  });

  it('does not lapse a loan already due when a consent expires after its return date', () => {
    const w = withProposal();
    w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision(['loan-a'])));
    w.apply(consentEv('2011-03-16T00:00:00Z', { consentId: 'unsc', kind: 'council', party: 'UNSC', validUntil: '2011-03-16T00:00:00Z', version: 2 }));
    w.apply(ev('imc.clock.ticked', '2011-03-20T00:00:00Z', {}));
    expect(w.loans()[0].status).toBe('due');
  });

  it('recalls a loan: recalled at once, its units home after the transit days back', () => {
    const w = withProposal();
    w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision(['loan-a'])));
    w.takeLoanUpdates();
    expect(w.apply(ev('imc.loan.recalled', '2011-01-10T00:00:00Z', { loanId: 'loan-a', recalledAt: '2011-01-10T00:00:00Z', reason: 'needed at home' }))).toEqual({ status: 'applied', notes: [] });
    expect(w.takeLoanUpdates().map((l) => l.status)).toEqual(['recalled']);
    expect(w.countingLoans()).toEqual([]);
    // The proposed loan's transit is 2 days: away on the 11th, home from the 12th.
    w.apply(ev('imc.clock.ticked', '2011-01-11T00:00:00Z', {}));
    expect(w.unitsOnLoan().size).toBe(2);
    w.apply(ev('imc.clock.ticked', '2011-01-12T00:00:00Z', {}));
    expect(w.unitsOnLoan().size).toBe(0);
    expect(w.outstandingLoans()).toEqual([]);
  });

  it('refuses to recall an unknown loan, or one recalled or returned already', () => {
    const w = withProposal();
    const recall = (id: string, t: string) => ev('imc.loan.recalled', t, { loanId: id, recalledAt: t, reason: 'r' });
    expect(w.apply(recall('nope', '2010-12-05T00:00:00Z'))).toEqual({ status: 'rejected', reason: 'unknown loan nope' });
    w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision(['loan-a'])));
    w.apply(recall('loan-a', '2010-12-05T00:00:00Z'));
    expect(w.apply(recall('loan-a', '2010-12-06T00:00:00Z'))).toEqual({ status: 'rejected', reason: 'loan loan-a already recalled 2010-12-05T00:00:00.000Z' });
    const v = withProposal();
    v.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision(['loan-a'])));
    v.apply(ev('imc.loan.returned', '2010-12-05T00:00:00Z', { loanId: 'loan-a', returnedAt: '2010-12-05T00:00:00Z' }));
    expect(v.apply(recall('loan-a', '2010-12-06T00:00:00Z')).status).toBe('rejected');
  });

  it('replaces a loan that changes, never edits it: a snapshot taken before still holds it as it was', () => {
    const w = withProposal();
    w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision(['loan-a'])));
    const held = (s: ReturnType<World['planningSnapshot']>) => s.loans.get('loan-a');
    const approved = held(w.planningSnapshot());
    const before = structuredClone(approved);
    w.apply(ev('imc.clock.ticked', '2010-12-10T00:00:00Z', {}));
    const active = held(w.planningSnapshot());
    w.apply(consentEv('2010-12-20T00:00:00Z', { consentId: 'civ', kind: 'host-state', party: 'CIV', status: 'withdrawn', version: 2 }));
    const lapsed = held(w.planningSnapshot());
    w.apply(ev('imc.loan.recalled', '2010-12-21T00:00:00Z', { loanId: 'loan-a', recalledAt: '2010-12-21T00:00:00Z', reason: 'r' }));
    w.apply(ev('imc.loan.returned', '2010-12-25T00:00:00Z', { loanId: 'loan-a', returnedAt: '2010-12-25T00:00:00Z' }));
    expect(approved).toEqual(before);
    expect(active).toMatchObject({ status: 'active', version: 2 });
    expect(lapsed).toMatchObject({ status: 'consent-lapsed', lapsedAt: '2010-12-20T00:00:00.000Z' });
    expect(lapsed).not.toHaveProperty('recalledAt');
    expect(new Set([approved, active, lapsed, held(w.planningSnapshot())]).size).toBe(4);
    expect(w.loan('loan-a')).toMatchObject({ status: 'returned', recalledAt: '2010-12-21T00:00:00.000Z', returnedAt: '2010-12-25T00:00:00.000Z' });
  });

  it('needs a demand at a site: its own, else its crisis\'s', () => {
    const goma = { name: 'Goma', lat: -1.68, lon: 29.22 };
    const w = worldOf([
      ...twoMissionWorld(),
      crisisEv('2010-12-01T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI', site: goma }),
      ev('imc.demand.raised', '2010-12-01T00:00:00Z', { demandId: 'own', missionId: 'UNOCI', crisisId: 'c1', capability: 'civilian-team', quantity: 1, window: { start: '2011-01-01T00:00:00Z', end: '2011-02-01T00:00:00Z' }, priority: 5, site: { lat: 1, lon: 2 }, version: 1 }),
      ev('imc.demand.raised', '2010-12-01T00:00:00Z', { demandId: 'inherits', missionId: 'UNOCI', crisisId: 'c1', capability: 'civilian-team', quantity: 1, window: { start: '2011-01-01T00:00:00Z', end: '2011-02-01T00:00:00Z' }, priority: 5, version: 1 }),
    ]);
    expect(w.openDemands().map((d) => [d.demandId, d.site])).toEqual([
      ['c1/infantry-company', goma],
      ['inherits', goma],
      ['own', { lat: 1, lon: 2 }],
    ]);
  });
});

describe('World.clone', () => {
  it('gives a copy that changes without touching the original', () => {
    const w = worldOf();
    const copy = w.clone();
    copy.apply(consentEv('2010-12-05T00:00:00Z', { consentId: 'pak', kind: 'contributor', party: 'PAK', status: 'refused', version: 2 }));
    copy.apply(ev('imc.unit.removed', '2010-12-05T00:00:00Z', { unitId: 'UNMIL-inf-01', version: 2 }));
    expect(copy.consents().find((c) => c.consentId === 'pak')?.status).toBe('refused');
    expect(w.consents().find((c) => c.consentId === 'pak')?.status).toBe('granted');
    expect(w.unit('UNMIL-inf-01')).toBeDefined();
    expect(w.asOf).toBe('2010-12-01T00:00:00.000Z');
  });
});

describe('World snapshots', () => {
  it('carry the whole world through a structured clone (what postMessage does) and back', () => {
    const w = worldOf();
    const snapshot = structuredClone(w.snapshot());
    const back = World.fromSnapshot(snapshot);
    expect(back.asOf).toBe(w.asOf);
    expect(back.consents()).toEqual(w.consents());
    expect(back.units()).toEqual(w.units());
    expect(back.hasSeen([...(snapshot.seenEventIds as Set<string>)][0])).toBe(true);
    // The snapshot is copied: the world made from it changes alone.
    back.apply(ev('imc.unit.removed', '2010-12-05T00:00:00Z', { unitId: 'UNMIL-inf-01', version: 2 }));
    expect(World.fromSnapshot(snapshot).unit('UNMIL-inf-01')).toBeDefined();
    expect(w.unit('UNMIL-inf-01')).toBeDefined();
  });
});

describe('World.planningSnapshot', () => {
  it('plans, once through a structured clone, to the same problem as the world itself, without the stream bookkeeping', () => {
    const w = worldOf();
    const snapshot = structuredClone(w.planningSnapshot());
    expect((snapshot.seenEventIds as Set<string>).size).toBe(0);
    expect(buildPlanningProblem(World.fromSnapshot(snapshot))).toEqual(buildPlanningProblem(w));
  });
});
