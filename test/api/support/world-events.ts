import { proposedLoan } from '@imc/domain/testing/event.fixtures';
import { Capability, cloudEvent, Proposal, ProposedLoan } from '@imc/contracts';

let seq = 0;

export interface Envelope {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

export function event(type: string, time: string, data: Record<string, unknown>, id = `e2e-api-${Date.now()}-${++seq}`): Envelope {
  return cloudEvent({ id, source: '/e2e/api', type, time, data }) as Envelope;
}

export const msg = (key: string, e: Envelope | object) => ({ key, value: JSON.stringify(e) });

export function mission(missionId: string, hostState: string, hq: { lat: number; lon: number }, time: string) {
  return event('imc.mission.upserted', time, {
    missionId,
    name: `Mission ${missionId}`,
    hostState,
    region: 'west-africa',
    hq,
    status: 'normal',
    receivingCapacity: { personnel: 800, aircraft: 10 },
    version: 1,
  });
}

export function unit(unitId: string, missionId: string, capability: Capability, time: string, over: Record<string, unknown> = {}) {
  const air = capability.includes('helicopter') || capability === 'cargo-aircraft';
  return event('imc.unit.upserted', time, {
    unitId,
    missionId,
    capability,
    personnel: air ? 20 : 150,
    aircraft: air ? 1 : 0,
    contributor: 'UKR',
    commercial: false,
    interMissionClause: false,
    noticeToMoveDays: 7,
    status: 'available',
    version: 1,
    ...over,
  });
}

/** Contributor, host-state and council consents for every capability between two missions. */
export function consents(from: string, to: string, contributor: string, hostState: string, time: string) {
  return (['contributor', 'host-state', 'council'] as const).map((kind) =>
    event('imc.consent.recorded', time, {
      consentId: `${from}-${to}-${kind}`,
      kind,
      party: kind === 'contributor' ? contributor : kind === 'host-state' ? hostState : 'UNSC',
      fromMission: from,
      toMission: to,
      capabilities: ['*'],
      status: 'granted',
      version: 1,
    }),
  );
}

export function crisis(type: 'imc.crisis.declared' | 'imc.crisis.updated' | 'imc.crisis.resolved', crisisId: string, missionId: string, time: string, window: { start: string; end: string }, requirements: { capability: Capability; quantity: number; priority: number }[], version = 1) {
  return event(type, time, { crisisId, missionId, kind: 'security', scheduled: false, severity: 4, window, requirements, version });
}

/** A proposal as the allocator would publish it, for specs that do not run the allocator. */
export function fakeLoan(loanId: string, unitIds: string[], demandId: string): ProposedLoan {
  return proposedLoan({
    loanId,
    unitIds,
    demandId,
    capability: 'utility-helicopter',
    fromMission: 'APID',
    toMission: 'APIR',
    contributor: 'UKR',
    arriveBy: '2011-01-10T00:00:00.000Z',
    returnBy: '2011-04-15T00:00:00.000Z',
    cost: { transfer: 45600, sustainmentPerDay: 12000, total: 1245600 },
  });
}

export function fakeProposal(version: number, loans: ProposedLoan[], asOf: string): Proposal {
  return {
    proposalId: `global:${version}`,
    scope: 'global',
    version,
    asOf,
    status: 'pending',
    solver: { engine: 'jslp', status: 'optimal', objective: 1, solveMs: 3, variables: 4, constraints: 4 },
    loans,
    unmet: [{ demandId: 'short-demand', missionId: 'APIR', capability: 'attack-helicopter', shortfall: 1, reasons: [{ missionId: '*', reason: 'no-units', detail: 'no mission other than APIR holds attack-helicopter' }] }],
    posture: [],
    recalls: [],
    renewalsDue: [],
  };
}

export function proposedEnvelope(p: Proposal) {
  return cloudEvent({ id: `${p.proposalId}-e2e`, source: '/imc/allocator', type: 'imc.allocation.proposed', time: p.asOf, data: p });
}
