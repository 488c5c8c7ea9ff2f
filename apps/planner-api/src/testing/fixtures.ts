import { CloudEvent, cloudEvent, Decision, Proposal, ProposedLoan } from '@imc/contracts';
import { proposedLoan as domainProposedLoan } from '@imc/domain/testing/event.fixtures';

/** A proposed loan with only what a test cares about set. */
export function proposedLoan(loanId: string, unitIds: string[], demandId = 'crisis-1/utility-helicopter'): ProposedLoan {
  return domainProposedLoan({
    loanId,
    unitIds,
    demandId,
    capability: 'utility-helicopter',
    contributor: 'UKR',
    distanceKm: 560,
    arriveBy: '2010-12-11T00:00:00.000Z',
    coverage: 0.9,
    cost: { transfer: 1000, sustainmentPerDay: 100, total: 10000 },
  });
}

export function proposal(scope: string, version: number, loans: ProposedLoan[]): Proposal {
  return {
    proposalId: `${scope}:${version}`,
    scope,
    version,
    asOf: `2010-12-0${Math.min(version, 9)}T00:00:00.000Z`,
    status: 'pending',
    solver: { engine: 'jslp', status: 'optimal', objective: 1, solveMs: 1, variables: 1, constraints: 1 },
    loans,
    unmet: [],
    posture: [],
    recalls: [],
    renewalsDue: [],
  };
}

export function proposedEvent(p: Proposal): string {
  return JSON.stringify(cloudEvent({ id: p.proposalId, source: '/imc/allocator', type: 'imc.allocation.proposed', time: p.asOf, data: p }));
}

export function decisionEvent(d: Decision, time = '2010-12-05T00:00:00Z'): string {
  const event: CloudEvent<Decision> = cloudEvent({ id: `evt-${d.decisionId}`, source: '/test', type: 'imc.allocation.decided', time, data: d });
  return JSON.stringify(event);
}

export function returnEvent(loanId: string, returnedAt: string, id = `ret-${loanId}`): string {
  return JSON.stringify(cloudEvent({ id, source: '/test', type: 'imc.loan.returned', time: returnedAt, data: { loanId, returnedAt } }));
}

export function decision(decisionId: string, proposalId: string, loanIds: string[], verdict: 'approved' | 'rejected' = 'approved'): Decision {
  return { decisionId, proposalId, loanIds, decision: verdict, reviewer: 'approver:00000000', version: 1 };
}

/** An available unit as an imc.unit.upserted record: the World approves loans only of units it knows as available. */
export function unitEvent(unitId: string, status: 'available' | 'committed' = 'available', time = '2010-12-01T00:00:00Z'): string {
  const unit = { unitId, missionId: 'UNMIL', capability: 'utility-helicopter', personnel: 20, aircraft: 1, contributor: 'UKR', commercial: false, interMissionClause: false, noticeToMoveDays: 7, status, version: status === 'available' ? 1 : 2 };
  return JSON.stringify(cloudEvent({ id: `unit-${unitId}-${status}`, source: '/test', type: 'imc.unit.upserted', time, data: unit }));
}
