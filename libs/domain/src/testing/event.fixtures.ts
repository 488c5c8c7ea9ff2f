import { CloudEvent, cloudEvent, Consent, Crisis, Mission, Proposal, ProposedLoan, Unit } from '@imc/contracts';

/** Builders of valid input events for specs; ids are unique per call. */
let seq = 0;

export function ev(type: string, time: string, data: object, id?: string): CloudEvent {
  seq++;
  return cloudEvent({ id: id ?? `t-${seq}`, source: '/spec', type, time, data });
}

export function missionEv(time: string, over: Partial<Mission> & Pick<Mission, 'missionId'>): CloudEvent {
  const m: Mission = {
    name: over.missionId,
    hostState: 'AAA',
    region: 'west-africa',
    hq: { lat: 0, lon: 0 },
    status: 'normal',
    receivingCapacity: { personnel: 1000, aircraft: 10 },
    version: 1,
    ...over,
  };
  return ev('imc.mission.upserted', time, m);
}

export function unitEv(time: string, over: Partial<Unit> & Pick<Unit, 'unitId' | 'missionId'>): CloudEvent {
  const u: Unit = {
    capability: 'infantry-company',
    personnel: 150,
    aircraft: 0,
    contributor: 'PAK',
    commercial: false,
    interMissionClause: false,
    noticeToMoveDays: 7,
    status: 'available',
    version: 1,
    ...over,
  };
  return ev('imc.unit.upserted', time, u);
}

export function consentEv(time: string, over: Partial<Consent> & Pick<Consent, 'consentId' | 'kind' | 'party'>): CloudEvent {
  const c: Consent = { fromMission: '*', toMission: '*', capabilities: ['*'], status: 'granted', version: 1, ...over };
  return ev('imc.consent.recorded', time, c);
}

export function crisisEv(time: string, type: 'declared' | 'updated' | 'resolved', over: Partial<Crisis> & Pick<Crisis, 'crisisId' | 'missionId'>): CloudEvent {
  const c: Crisis = {
    kind: 'security',
    scheduled: false,
    severity: 3,
    window: { start: '2011-01-01T00:00:00Z', end: '2011-03-01T00:00:00Z' },
    requirements: [{ capability: 'infantry-company', quantity: 2, priority: 5 }],
    version: 1,
    ...over,
  };
  return ev(`imc.crisis.${type}`, time, c);
}

/** Two missions about 760 km apart (Monrovia, Abidjan) with every consent granted; UNMIL has 4,000 uniformed. */
export function twoMissionWorld(time = '2010-12-01T00:00:00Z'): CloudEvent[] {
  return [
    missionEv(time, { missionId: 'UNMIL', hostState: 'LBR', hq: { lat: 6.32, lon: -10.81 } }),
    missionEv(time, { missionId: 'UNOCI', hostState: 'CIV', hq: { lat: 5.36, lon: -4.01 } }),
    ...['01', '02', '03', '04', '05', '06'].map((n) => unitEv(time, { unitId: `UNMIL-inf-${n}`, missionId: 'UNMIL' })),
    // The rest of UNMIL's strength, so that the share on loan is not what limits a loan.
    unitEv(time, { unitId: 'UNMIL-garrison', missionId: 'UNMIL', capability: 'formed-police-unit', personnel: 3100, status: 'committed' }),
    consentEv(time, { consentId: 'pak', kind: 'contributor', party: 'PAK' }),
    consentEv(time, { consentId: 'civ', kind: 'host-state', party: 'CIV' }),
    consentEv(time, { consentId: 'lbr', kind: 'host-state', party: 'LBR' }),
    consentEv(time, { consentId: 'unsc', kind: 'council', party: 'UNSC' }),
  ];
}

export function proposalWith(loans: ProposedLoan[], version = 1): Proposal {
  return {
    proposalId: `global:${version}`,
    scope: 'global',
    version,
    asOf: '2010-12-01T00:00:00.000Z',
    status: 'pending',
    solver: { engine: 'test', status: 'optimal', objective: 0, solveMs: 0, variables: 0, constraints: 0 },
    loans,
    unmet: [],
    posture: [],
    recalls: [],
    renewalsDue: [],
  };
}

export function proposedLoan(over: Partial<ProposedLoan> & Pick<ProposedLoan, 'loanId' | 'unitIds'>): ProposedLoan {
  return {
    demandId: 'c1/infantry-company',
    capability: 'infantry-company',
    quantity: over.unitIds.length,
    fromMission: 'UNMIL',
    toMission: 'UNOCI',
    contributor: 'PAK',
    distanceKm: 760,
    leadTime: { noticeDays: 7, consentDays: 0, authorizationDays: 0, transitDays: 2 },
    arriveBy: '2010-12-10T00:00:00.000Z',
    returnBy: '2011-03-15T00:00:00.000Z',
    coverage: 1,
    cost: { transfer: 0, sustainmentPerDay: 0, total: 0 },
    pending: [],
    criticalPath: 'notice',
    consents: [],
    ...over,
  };
}
