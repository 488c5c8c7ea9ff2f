import type { Proposal } from '@imc/contracts';
import { loanIdFor } from './loan-id';
import type { PlanningProblem } from './planning-problem';
import { planScenario, scenarioLines } from './plan-scenario.runner';
import { PlanFn, proposalFingerprint } from './planning-session';
import { crisisEv, ev, twoMissionWorld } from './testing/event.fixtures';

/**
 * A stand-in engine: every pair gets as many units as the demand needs and the group has, in
 * problem order. Enough to drive the runner; the real optimizer is exercised by the case specs.
 */
const naivePlan: PlanFn = async (problem: PlanningProblem, { scope, version }) => {
  const taken = new Map<string, number>();
  const loans: Proposal['loans'] = [];
  for (const d of problem.demands) {
    let need = d.quantity;
    for (const pair of problem.pairs.filter((p) => p.demandId === d.demandId)) {
      const g = problem.groups.find((x) => x.groupId === pair.groupId);
      if (!g || need <= 0) continue;
      const first = taken.get(g.groupId) ?? 0;
      const unitIds = g.unitIds.slice(first, first + need);
      taken.set(g.groupId, first + unitIds.length);
      need -= unitIds.length;
      const { cost: _c, ...template } = pair.loanTemplate;
      loans.push({ ...template, loanId: loanIdFor(d.demandId, unitIds), quantity: unitIds.length, unitIds, cost: { transfer: 0, sustainmentPerDay: 0, total: 0 } });
    }
  }
  return {
    proposalId: `${scope}:${version}`,
    scope,
    version,
    asOf: problem.asOf,
    status: 'pending',
    solver: { engine: 'naive', status: 'optimal', objective: 0, solveMs: Math.random(), variables: 0, constraints: 0 },
    loans,
    unmet: [],
    posture: problem.posture.map((p) => ({ ...p, proposedOut: 0 })),
    recalls: [],
    renewalsDue: [],
  };
};

const lines = (events: object[]) => events.map((e) => JSON.stringify(e)).join('\n');
const crisis = crisisEv('2010-12-02T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI' });

describe('scenarioLines', () => {
  it('skips blank and comment lines but keeps line numbers', () => {
    expect(scenarioLines('# c\n\n{"a":1}\n  \n{"b":2}')).toEqual([
      { line: 3, text: '{"a":1}' },
      { line: 5, text: '{"b":2}' },
    ]);
  });
});

describe('proposalFingerprint', () => {
  it('ignores identity, asOf, timing and model size but not the plan', async () => {
    const p = await naivePlan({ asOf: 'x', scope: 'global', groups: [], demands: [], pairs: [], floorRows: [], shareRows: [], receivingRows: [], exclusions: [], posture: [], previous: {}, weights: { shortfall: 1, cost: 1, change: 1 }, recalls: [], renewalsDue: [] }, { scope: 'global', version: 1 });
    const later = { ...p, proposalId: 'global:9', version: 9, asOf: 'y', solver: { ...p.solver, solveMs: 123 } };
    expect(proposalFingerprint(later)).toBe(proposalFingerprint(p));
    expect(proposalFingerprint({ ...p, solver: { ...p.solver, engine: 'other', variables: 99, constraints: 99 } })).toBe(proposalFingerprint(p));
    expect(proposalFingerprint({ ...p, solver: { ...p.solver, status: 'greedy-fallback' } })).not.toBe(proposalFingerprint(p));
    expect(proposalFingerprint({ ...p, solver: { ...p.solver, objective: p.solver.objective + 1 } })).not.toBe(proposalFingerprint(p));
  });
});

describe('planScenario', () => {
  it('re-plans when time moves on and after the last event, publishing only changed plans', async () => {
    const text = lines([...twoMissionWorld('2010-12-01T00:00:00Z'), crisis, ev('imc.clock.ticked', '2010-12-02T00:00:00Z', {})]);
    const run = await planScenario(text, { plan: naivePlan });
    expect(run.rejected).toEqual([]);
    expect(run.proposals.map((p) => [p.proposalId, p.asOf, p.loans.length])).toEqual([
      ['global:1', '2010-12-01T00:00:00.000Z', 0],
      ['global:2', '2010-12-02T00:00:00.000Z', 1],
    ]);
    expect(run.world.latestProposal?.proposalId).toBe('global:2');
  });

  it('reports bad lines with their number and goes on', async () => {
    const text = `${lines(twoMissionWorld())}\n# comment\nnot json\n${JSON.stringify(ev('imc.unknown', '2010-12-01T00:00:00Z', {}))}\n${JSON.stringify(crisis)}`;
    const run = await planScenario(text, { plan: naivePlan });
    const first = twoMissionWorld().length;
    expect(run.rejected.map((r) => r.line)).toEqual([first + 2, first + 3]);
    expect(run.rejected[1].reason).toBe('unknown event type imc.unknown');
    expect(run.proposals[run.proposals.length - 1].loans).toHaveLength(1);
  });

  it('resolves `latest` and `*` in a decision, and the approved loan leaves the next plan', async () => {
    const decision = ev('imc.allocation.decided', '2010-12-03T00:00:00Z', { decisionId: 'd1', proposalId: 'latest', loanIds: ['*'], decision: 'approved', reviewer: 'ops', version: 1 });
    const run = await planScenario(lines([...twoMissionWorld(), crisis, decision]), { plan: naivePlan });
    expect(run.rejected).toEqual([]);
    const approved = run.world.loans();
    expect(approved).toHaveLength(1);
    expect(approved[0].quantity).toBe(2);
    const last = run.proposals[run.proposals.length - 1];
    expect(last.loans).toEqual([]);
    expect(last.posture).toContainEqual(expect.objectContaining({ missionId: 'UNMIL', capability: 'infantry-company', onLoanOut: 2 }));
  });

  it('rejects a decision naming a proposal never published', async () => {
    const decision = ev('imc.allocation.decided', '2010-12-01T00:00:00Z', { decisionId: 'd1', proposalId: 'global:1', loanIds: ['loan-zzz'], decision: 'approved', reviewer: 'ops', version: 1 });
    const run = await planScenario(lines([...twoMissionWorld(), decision]), { plan: naivePlan });
    expect(run.rejected).toEqual([{ line: twoMissionWorld().length + 1, reason: 'decision d1: proposal global:1 was never published' }]);
  });

  it('counts duplicates and stale versions without rejecting them', async () => {
    const world = twoMissionWorld();
    const run = await planScenario(lines([...world, world[0], { ...world[1], id: 'new-id' }]), { plan: naivePlan });
    expect(run.rejected).toEqual([]);
    expect(run.counts).toEqual({ applied: world.length, duplicate: 1, stale: 1 });
  });
});

describe('planScenario on an empty file', () => {
  it('publishes nothing when no event was applied', async () => {
    const run = await planScenario('# nothing yet\n\n', { plan: naivePlan });
    expect(run.proposals).toEqual([]);
    expect(run.rejected).toEqual([]);
  });
});
