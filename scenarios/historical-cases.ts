/**
 * The historical cases' crises, consents and illustrative units (CASES.md), shared by the case files
 * of generate-scenarios.ts and by the demo world (scripts/demo/demo-timeline.ts), which replays
 * them on the real deployments of Geo-PKO.
 */
import type { Capability } from '@imc/contracts';
import { consent, crisis, Line, UnitSpec } from './scenario-kit';

const ALL: ['*'] = ['*'];

export const UNMIL_2010: UnitSpec[] = [
  { mission: 'UNMIL', capability: 'infantry-company', contributor: 'PAK', count: 4, notice: 7 },
  { mission: 'UNMIL', capability: 'infantry-company', contributor: 'BGD', count: 4, notice: 14 },
  { mission: 'UNMIL', capability: 'infantry-company', contributor: 'NGA', count: 4, notice: 14 },
  { mission: 'UNMIL', capability: 'attack-helicopter', contributor: 'UKR', count: 6, notice: 5 },
  { mission: 'UNMIL', capability: 'formed-police-unit', contributor: 'IND', count: 3, notice: 14 },
  { mission: 'UNMIL', capability: 'formed-police-unit', contributor: 'NGA', count: 3, notice: 14 },
];

export const UNOCI_2011: UnitSpec[] = [
  { mission: 'UNOCI', capability: 'infantry-company', contributor: 'BGD', count: 6, notice: 10 },
  { mission: 'UNOCI', capability: 'infantry-company', contributor: 'MAR', count: 4, notice: 10 },
  { mission: 'UNOCI', capability: 'formed-police-unit', contributor: 'JOR', count: 4, notice: 10 },
];

export const CIV_ELECTIONS = {
  crisisId: 'civ-elections-2010',
  missionId: 'UNOCI',
  kind: 'election' as const,
  scheduled: true,
  severity: 4 as const,
  window: { start: '2010-11-28T00:00:00Z', end: '2011-03-31T00:00:00Z' },
  requirements: [
    { capability: 'infantry-company' as Capability, quantity: 3, priority: 9 },
    { capability: 'attack-helicopter' as Capability, quantity: 3, priority: 8 },
  ],
  version: 1,
};

export const LBR_ELECTIONS = {
  crisisId: 'lbr-elections-2011',
  missionId: 'UNMIL',
  kind: 'election' as const,
  scheduled: true,
  severity: 3 as const,
  window: { start: '2011-10-01T00:00:00Z', end: '2011-11-15T00:00:00Z' },
  requirements: [
    { capability: 'infantry-company' as Capability, quantity: 1, priority: 7 },
    { capability: 'formed-police-unit' as Capability, quantity: 1, priority: 7 },
  ],
  version: 1,
};

export const CIV_LEGISLATIVE = {
  crisisId: 'civ-legislative-2011',
  missionId: 'UNOCI',
  kind: 'election' as const,
  scheduled: true,
  severity: 3 as const,
  window: { start: '2011-12-05T00:00:00Z', end: '2012-01-05T00:00:00Z' },
  requirements: [
    { capability: 'infantry-company' as Capability, quantity: 2, priority: 8 },
    { capability: 'formed-police-unit' as Capability, quantity: 1, priority: 8 },
  ],
  version: 1,
};

export const JONGLEI = {
  crisisId: 'jonglei-2012',
  missionId: 'UNMISS',
  kind: 'security' as const,
  scheduled: false,
  severity: 5 as const,
  window: { start: '2011-12-25T00:00:00Z', end: '2012-02-15T00:00:00Z' },
  requirements: [{ capability: 'utility-helicopter' as Capability, quantity: 4, priority: 9 }],
  version: 1,
};

export const MONUSCO_HELIS: UnitSpec = { mission: 'MONUSCO', capability: 'utility-helicopter', contributor: 'UKR', count: 4, notice: 10 };

export const KIVU = {
  crisisId: 'kivu-2012',
  missionId: 'MONUSCO',
  kind: 'security' as const,
  scheduled: false,
  severity: 5 as const,
  window: { start: '2012-11-20T00:00:00Z', end: '2013-03-31T00:00:00Z' },
  requirements: [{ capability: 'utility-helicopter' as Capability, quantity: 4, priority: 10 }],
  version: 1,
};

export const UNMISS_HELIS_2012 = {
  demandId: 'unmiss-helicopters-2012',
  missionId: 'UNMISS',
  capability: 'utility-helicopter' as Capability,
  quantity: 2,
  window: { start: '2012-12-01T00:00:00Z', end: '2013-02-28T00:00:00Z' },
  priority: 7,
  version: 1,
};

export const OBSERVERS: UnitSpec[] = [
  { mission: 'UNIFIL', capability: 'military-observer-team', contributor: 'FIN', count: 4, notice: 3 },
  { mission: 'UNIFIL', capability: 'military-observer-team', contributor: 'IRL', count: 4, notice: 3 },
  { mission: 'UNDOF', capability: 'military-observer-team', contributor: 'IND', count: 3, notice: 3 },
  { mission: 'UNDOF', capability: 'military-observer-team', contributor: 'NPL', count: 3, notice: 3 },
  { mission: 'UNAMID', capability: 'military-observer-team', contributor: 'GHA', count: 5, notice: 5 },
  { mission: 'UNAMID', capability: 'military-observer-team', contributor: 'RWA', count: 5, notice: 5 },
];

export const UNSMIS_START = {
  crisisId: 'unsmis-start-up-2012',
  missionId: 'UNSMIS',
  kind: 'start-up' as const,
  scheduled: false,
  severity: 4 as const,
  window: { start: '2012-04-21T00:00:00Z', end: '2012-07-20T00:00:00Z' },
  requirements: [{ capability: 'military-observer-team' as Capability, quantity: 12, priority: 9 }],
  version: 1,
};

export function case03Consents(t: string): Line[] {
  return [
    consent(t, { consentId: 'bgd-unoci-unmil', kind: 'contributor', party: 'BGD', fromMission: 'UNOCI', toMission: 'UNMIL', capabilities: ALL, status: 'granted' }),
    consent(t, { consentId: 'jor-unoci-unmil', kind: 'contributor', party: 'JOR', fromMission: 'UNOCI', toMission: 'UNMIL', capabilities: ['formed-police-unit'], status: 'granted' }),
  ];
}

export function case04Consents(t: string): Line[] {
  return [
    consent(t, { consentId: 'unsc-2000-unmil-unoci', kind: 'council', party: 'UNSC', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ALL, status: 'granted', reference: 'S/RES/2000 (2011)', version: 2 }),
    consent(t, { consentId: 'pak-unmil-unoci-2011', kind: 'contributor', party: 'PAK', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ['infantry-company'], status: 'granted' }),
    consent(t, { consentId: 'ind-unmil-unoci-2011', kind: 'contributor', party: 'IND', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ['formed-police-unit'], status: 'granted' }),
  ];
}

export function case02Crisis(t1: string): Line[] {
  return [
    consent(t1, { consentId: 'unsc-1951', kind: 'council', party: 'UNSC', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ALL, status: 'granted', reference: 'S/RES/1951 (2010)', validUntil: '2011-06-30T00:00:00Z' }),
    consent(t1, { consentId: 'pak-unmil-unoci', kind: 'contributor', party: 'PAK', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ['infantry-company'], status: 'granted' }),
    consent(t1, { consentId: 'ukr-unmil-unoci', kind: 'contributor', party: 'UKR', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ['attack-helicopter'], status: 'granted' }),
    crisis(t1, 'declared', CIV_ELECTIONS),
  ];
}

/** The host state, the Council and the six contributors consent to observers for UNSMIS (case 7). */
export function unsmisConsents(t1: string): Line[] {
  return [
    consent(t1, { consentId: 'syr-host-unsmis', kind: 'host-state', party: 'SYR', fromMission: '*', toMission: 'UNSMIS', capabilities: ALL, status: 'granted' }),
    consent(t1, { consentId: 'unsc-2043', kind: 'council', party: 'UNSC', fromMission: '*', toMission: 'UNSMIS', capabilities: ['military-observer-team'], status: 'granted', reference: 'S/RES/2043 (2012)' }),
    ...['FIN', 'IRL', 'IND', 'NPL', 'GHA', 'RWA'].map((c) =>
      consent(t1, { consentId: `${c.toLowerCase()}-unsmis`, kind: 'contributor', party: c, fromMission: '*', toMission: 'UNSMIS', capabilities: ['military-observer-team'], status: 'granted' }),
    ),
  ];
}
