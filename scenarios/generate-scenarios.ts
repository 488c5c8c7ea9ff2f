/**
 * Writes the scenario files of this folder from CASES.md. Run from the repository root:
 *   npx ts-node -P tsconfig.json -r tsconfig-paths/register --transpile-only scenarios/generate-scenarios.ts
 * Numbers the record does not give (unit counts, notice, delays, windows) are illustrative.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Capability } from '@imc/contracts';
import { loanIdFor } from '@imc/domain/loan-id';
import {
  approveAll,
  comment,
  consent,
  event,
  MISSIONS,
  crisis,
  demand,
  extended,
  Line,
  mission,
  PLACES,
  recalled,
  render,
  resetIds,
  returned,
  tick,
  unitId,
  units,
  UnitSpec,
} from './scenario-kit';

const ALL: ['*'] = ['*'];

/** Units other than the ones a case is about, so that share-on-loan sees a realistic strength. */
function garrison(time: string, m: string, contributor: string, companies: number): Line[] {
  return units(time, { mission: m, capability: 'engineering-unit', contributor, count: companies, status: 'committed' });
}

function write(name: string, lines: Line[]): void {
  writeFileSync(join(__dirname, name), render(lines));
}

/** Loan id of the first `count` units of a group, as the optimizer names them. */
function loanOf(demandId: string, s: Pick<UnitSpec, 'mission' | 'capability' | 'contributor'>, count: number, from = 1): string {
  const ids: string[] = [];
  for (let n = from; n < from + count; n++) ids.push(unitId(s, n));
  return loanIdFor(demandId, ids);
}

function case01(): Line[] {
  resetIds();
  const t0 = '2006-01-01T00:00:00Z';
  const t1 = '2006-01-18T00:00:00Z';
  return [
    comment('Case 1: Abidjan, January 2006. UNMIL to UNOCI; one contributor\'s consent comes too late.'),
    mission(t0, 'UNMIL', { personnel: 800, aircraft: 4 }),
    mission(t0, 'UNOCI', { personnel: 800, aircraft: 4 }),
    ...units(t0, { mission: 'UNMIL', capability: 'infantry-company', contributor: 'PAK', count: 4, notice: 7 }),
    ...units(t0, { mission: 'UNMIL', capability: 'infantry-company', contributor: 'NGA', count: 1, notice: 7 }),
    ...garrison(t0, 'UNMIL', 'BGD', 10),
    consent(t0, { consentId: 'ciq-host-2006', kind: 'host-state', party: 'CIV', fromMission: '*', toMission: 'UNOCI', capabilities: ALL, status: 'granted' }),
    consent(t0, { consentId: 'unsc-1657', kind: 'council', party: 'UNSC', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ['infantry-company'], status: 'granted', reference: 'S/RES/1657 (2006)' }),
    consent(t0, { consentId: 'nga-unmil-unoci', kind: 'contributor', party: 'NGA', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ALL, status: 'granted' }),
    comment('Violent disturbances in Abidjan; the PAK formal consent is expected in 45 days.'),
    consent(t1, { consentId: 'pak-unmil-unoci', kind: 'contributor', party: 'PAK', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ALL, status: 'pending', expectedInDays: 45 }),
    crisis(t1, 'declared', {
      crisisId: 'abidjan-2006',
      missionId: 'UNOCI',
      kind: 'security',
      scheduled: false,
      severity: 4,
      window: { start: '2006-01-18T00:00:00Z', end: '2006-02-28T00:00:00Z' },
      requirements: [{ capability: 'infantry-company', quantity: 2, priority: 9 }],
      version: 1,
    }),
  ];
}

const UNMIL_2010: UnitSpec[] = [
  { mission: 'UNMIL', capability: 'infantry-company', contributor: 'PAK', count: 4, notice: 7 },
  { mission: 'UNMIL', capability: 'infantry-company', contributor: 'BGD', count: 4, notice: 14 },
  { mission: 'UNMIL', capability: 'infantry-company', contributor: 'NGA', count: 4, notice: 14 },
  { mission: 'UNMIL', capability: 'attack-helicopter', contributor: 'UKR', count: 6, notice: 5 },
  { mission: 'UNMIL', capability: 'formed-police-unit', contributor: 'IND', count: 3, notice: 14 },
  { mission: 'UNMIL', capability: 'formed-police-unit', contributor: 'NGA', count: 3, notice: 14 },
];

const UNOCI_2011: UnitSpec[] = [
  { mission: 'UNOCI', capability: 'infantry-company', contributor: 'BGD', count: 6, notice: 10 },
  { mission: 'UNOCI', capability: 'infantry-company', contributor: 'MAR', count: 4, notice: 10 },
  { mission: 'UNOCI', capability: 'formed-police-unit', contributor: 'JOR', count: 4, notice: 10 },
];

const CIV_ELECTIONS = {
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

function case02World(t0: string): Line[] {
  return [
    mission(t0, 'UNMIL', { personnel: 800, aircraft: 6 }),
    mission(t0, 'UNOCI', { personnel: 1200, aircraft: 6 }),
    ...UNMIL_2010.flatMap((s) => units(t0, s)),
    ...garrison(t0, 'UNMIL', 'CHN', 8),
    consent(t0, { consentId: 'civ-host', kind: 'host-state', party: 'CIV', fromMission: '*', toMission: 'UNOCI', capabilities: ALL, status: 'granted' }),
    consent(t0, { consentId: 'lbr-host', kind: 'host-state', party: 'LBR', fromMission: '*', toMission: 'UNMIL', capabilities: ALL, status: 'granted' }),
  ];
}

function case02Crisis(t1: string): Line[] {
  return [
    consent(t1, { consentId: 'unsc-1951', kind: 'council', party: 'UNSC', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ALL, status: 'granted', reference: 'S/RES/1951 (2010)', validUntil: '2011-06-30T00:00:00Z' }),
    consent(t1, { consentId: 'pak-unmil-unoci', kind: 'contributor', party: 'PAK', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ['infantry-company'], status: 'granted' }),
    consent(t1, { consentId: 'ukr-unmil-unoci', kind: 'contributor', party: 'UKR', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ['attack-helicopter'], status: 'granted' }),
    crisis(t1, 'declared', CIV_ELECTIONS),
  ];
}

function case02(): Line[] {
  resetIds();
  return [
    comment("Case 2: Cote d'Ivoire elections, late 2010. Three companies and attack helicopters UNMIL to UNOCI."),
    ...case02World('2010-11-01T00:00:00Z'),
    comment('The Council authorizes the redeployment; PAK and UKR complete their procedures quickly.'),
    ...case02Crisis('2010-11-24T00:00:00Z'),
  ];
}

const LBR_ELECTIONS = {
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

function case03Consents(t: string): Line[] {
  return [
    consent(t, { consentId: 'bgd-unoci-unmil', kind: 'contributor', party: 'BGD', fromMission: 'UNOCI', toMission: 'UNMIL', capabilities: ALL, status: 'granted' }),
    consent(t, { consentId: 'jor-unoci-unmil', kind: 'contributor', party: 'JOR', fromMission: 'UNOCI', toMission: 'UNMIL', capabilities: ['formed-police-unit'], status: 'granted' }),
  ];
}

function case03(): Line[] {
  resetIds();
  const t0 = '2011-08-01T00:00:00Z';
  const t1 = '2011-09-01T00:00:00Z';
  const t2 = '2011-09-05T00:00:00Z';
  return [
    comment('Case 3: Liberian elections, October 2011. UNOCI to UNMIL, the other direction.'),
    mission(t0, 'UNMIL', { personnel: 800, aircraft: 6 }),
    mission(t0, 'UNOCI', { personnel: 1200, aircraft: 6 }),
    ...UNOCI_2011.flatMap((s) => units(t0, s)),
    ...garrison(t0, 'UNOCI', 'FRA', 6),
    consent(t0, { consentId: 'lbr-host', kind: 'host-state', party: 'LBR', fromMission: '*', toMission: 'UNMIL', capabilities: ALL, status: 'granted' }),
    comment('The 2010 authorization covers UNMIL to UNOCI only.'),
    consent(t0, { consentId: 'unsc-1951', kind: 'council', party: 'UNSC', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ALL, status: 'granted', reference: 'S/RES/1951 (2010)' }),
    ...case03Consents(t1),
    crisis(t1, 'declared', LBR_ELECTIONS),
    comment('Planned without a Council authorization for UNOCI to UNMIL: nothing can be proposed.'),
    consent(t2, { consentId: 'unsc-2000', kind: 'council', party: 'UNSC', fromMission: 'UNOCI', toMission: 'UNMIL', capabilities: ALL, status: 'granted', reference: 'S/RES/2000 (2011)' }),
  ];
}

const CIV_LEGISLATIVE = {
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

function case04Consents(t: string): Line[] {
  return [
    consent(t, { consentId: 'unsc-2000-unmil-unoci', kind: 'council', party: 'UNSC', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ALL, status: 'granted', reference: 'S/RES/2000 (2011)', version: 2 }),
    consent(t, { consentId: 'pak-unmil-unoci-2011', kind: 'contributor', party: 'PAK', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ['infantry-company'], status: 'granted' }),
    consent(t, { consentId: 'ind-unmil-unoci-2011', kind: 'contributor', party: 'IND', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ['formed-police-unit'], status: 'granted' }),
  ];
}

function case04(): Line[] {
  resetIds();
  const t0 = '2011-10-20T00:00:00Z';
  const t1 = '2011-11-16T00:00:00Z';
  return [
    comment('Case 4: Ivorian legislative elections, December 2011, raised three weeks ahead.'),
    ...case02World(t0),
    ...case04Consents(t1),
    crisis(t1, 'declared', CIV_LEGISLATIVE),
  ];
}

const JONGLEI = {
  crisisId: 'jonglei-2012',
  missionId: 'UNMISS',
  kind: 'security' as const,
  scheduled: false,
  severity: 5 as const,
  window: { start: '2011-12-25T00:00:00Z', end: '2012-02-15T00:00:00Z' },
  requirements: [{ capability: 'utility-helicopter' as Capability, quantity: 4, priority: 9 }],
  version: 1,
};

const MONUSCO_HELIS: UnitSpec = { mission: 'MONUSCO', capability: 'utility-helicopter', contributor: 'UKR', count: 4, notice: 10 };

function case05World(t0: string): Line[] {
  return [
    mission(t0, 'MONUSCO', { personnel: 1500, aircraft: 8 }),
    mission(t0, 'UNMISS', { personnel: 600, aircraft: 6 }),
    ...units(t0, MONUSCO_HELIS),
    ...garrison(t0, 'MONUSCO', 'IND', 20),
    consent(t0, { consentId: 'ssd-host', kind: 'host-state', party: 'SSD', fromMission: '*', toMission: 'UNMISS', capabilities: ALL, status: 'granted' }),
    consent(t0, { consentId: 'ukr-monusco-unmiss', kind: 'contributor', party: 'UKR', fromMission: 'MONUSCO', toMission: 'UNMISS', capabilities: ALL, status: 'granted' }),
  ];
}

function case05(): Line[] {
  resetIds();
  const t0 = '2011-12-01T00:00:00Z';
  const t1 = '2011-12-30T00:00:00Z';
  return [
    comment('Case 5: Jonglei, January 2012. MONUSCO helicopters to UNMISS, arriving after the worst.'),
    ...case05World(t0),
    comment('Violence in Jonglei since Christmas; the Council authorizes the move the same week.'),
    consent(t1, { consentId: 'unsc-2032', kind: 'council', party: 'UNSC', fromMission: 'MONUSCO', toMission: 'UNMISS', capabilities: ['utility-helicopter'], status: 'granted', reference: 'S/RES/2032 (2011)' }),
    crisis(t1, 'declared', JONGLEI),
  ];
}

const KIVU = {
  crisisId: 'kivu-2012',
  missionId: 'MONUSCO',
  kind: 'security' as const,
  scheduled: false,
  severity: 5 as const,
  window: { start: '2012-11-20T00:00:00Z', end: '2013-03-31T00:00:00Z' },
  requirements: [{ capability: 'utility-helicopter' as Capability, quantity: 4, priority: 10 }],
  version: 1,
};

const UNMISS_HELIS_2012 = {
  demandId: 'unmiss-helicopters-2012',
  missionId: 'UNMISS',
  capability: 'utility-helicopter' as Capability,
  quantity: 2,
  window: { start: '2012-12-01T00:00:00Z', end: '2013-02-28T00:00:00Z' },
  priority: 7,
  version: 1,
};

function case06(): Line[] {
  resetIds();
  const t0 = '2012-10-01T00:00:00Z';
  return [
    comment('Case 6: eastern DRC, late 2012. MONUSCO in crisis lends none of its helicopters.'),
    ...case05World(t0),
    consent(t0, { consentId: 'unsc-monusco-unmiss', kind: 'council', party: 'UNSC', fromMission: 'MONUSCO', toMission: 'UNMISS', capabilities: ['utility-helicopter'], status: 'granted' }),
    crisis('2012-11-20T00:00:00Z', 'declared', KIVU),
    demand('2012-11-25T00:00:00Z', 'raised', UNMISS_HELIS_2012),
  ];
}

const OBSERVERS: UnitSpec[] = [
  { mission: 'UNIFIL', capability: 'military-observer-team', contributor: 'FIN', count: 4, notice: 3 },
  { mission: 'UNIFIL', capability: 'military-observer-team', contributor: 'IRL', count: 4, notice: 3 },
  { mission: 'UNDOF', capability: 'military-observer-team', contributor: 'IND', count: 3, notice: 3 },
  { mission: 'UNDOF', capability: 'military-observer-team', contributor: 'NPL', count: 3, notice: 3 },
  { mission: 'UNAMID', capability: 'military-observer-team', contributor: 'GHA', count: 5, notice: 5 },
  { mission: 'UNAMID', capability: 'military-observer-team', contributor: 'RWA', count: 5, notice: 5 },
];

const UNSMIS_START = {
  crisisId: 'unsmis-start-up-2012',
  missionId: 'UNSMIS',
  kind: 'start-up' as const,
  scheduled: false,
  severity: 4 as const,
  window: { start: '2012-04-21T00:00:00Z', end: '2012-07-20T00:00:00Z' },
  requirements: [{ capability: 'military-observer-team' as Capability, quantity: 12, priority: 9 }],
  version: 1,
};

function case07World(t0: string): Line[] {
  return [
    mission(t0, 'UNIFIL', { personnel: 2000, aircraft: 4 }),
    mission(t0, 'UNDOF', { personnel: 300, aircraft: 0 }),
    mission(t0, 'UNAMID', { personnel: 2000, aircraft: 10 }),
    ...OBSERVERS.flatMap((s) => units(t0, s)),
    ...garrison(t0, 'UNIFIL', 'ITA', 10),
    ...garrison(t0, 'UNDOF', 'AUT', 2),
    ...garrison(t0, 'UNAMID', 'CHN', 10),
  ];
}

function case07Start(t1: string): Line[] {
  return [
    mission(t1, 'UNSMIS', { personnel: 400, aircraft: 2 }, 'start-up'),
    consent(t1, { consentId: 'syr-host-unsmis', kind: 'host-state', party: 'SYR', fromMission: '*', toMission: 'UNSMIS', capabilities: ALL, status: 'granted' }),
    consent(t1, { consentId: 'unsc-2043', kind: 'council', party: 'UNSC', fromMission: '*', toMission: 'UNSMIS', capabilities: ['military-observer-team'], status: 'granted', reference: 'S/RES/2043 (2012)' }),
    ...['FIN', 'IRL', 'IND', 'NPL', 'GHA', 'RWA'].map((c) =>
      consent(t1, { consentId: `${c.toLowerCase()}-unsmis`, kind: 'contributor', party: c, fromMission: '*', toMission: 'UNSMIS', capabilities: ['military-observer-team'], status: 'granted' }),
    ),
    crisis(t1, 'declared', UNSMIS_START),
  ];
}

function case07(): Line[] {
  resetIds();
  return [
    comment('Case 7: UNSMIS start-up, spring 2012. Observers from several missions, none can give all.'),
    ...case07World('2012-04-01T00:00:00Z'),
    ...case07Start('2012-04-14T00:00:00Z'),
  ];
}

function case08(): Line[] {
  resetIds();
  const t0 = '2010-01-01T00:00:00Z';
  const t1 = '2010-01-14T00:00:00Z';
  return [
    comment('Case 8: Haiti, January 2010. Cargo aircraft cross the ocean; helicopters and troops do not.'),
    mission(t0, 'MONUSCO', { personnel: 1500, aircraft: 8 }),
    mission(t0, 'MINUSTAH', { personnel: 2000, aircraft: 10 }),
    ...units(t0, { mission: 'MONUSCO', capability: 'cargo-aircraft', contributor: 'ZAF', count: 4, notice: 3 }),
    ...units(t0, { mission: 'MONUSCO', capability: 'utility-helicopter', contributor: 'IND', count: 6, notice: 5 }),
    ...units(t0, { mission: 'MONUSCO', capability: 'infantry-company', contributor: 'URY', count: 6, notice: 7 }),
    ...garrison(t0, 'MONUSCO', 'IND', 20),
    consent(t0, { consentId: 'hti-host', kind: 'host-state', party: 'HTI', fromMission: '*', toMission: 'MINUSTAH', capabilities: ALL, status: 'granted' }),
    consent(t1, { consentId: 'unsc-1908', kind: 'council', party: 'UNSC', fromMission: '*', toMission: 'MINUSTAH', capabilities: ALL, status: 'granted', reference: 'S/RES/1908 (2010)' }),
    ...['ZAF', 'IND', 'URY'].map((c) =>
      consent(t1, { consentId: `${c.toLowerCase()}-monusco-minustah`, kind: 'contributor', party: c, fromMission: 'MONUSCO', toMission: 'MINUSTAH', capabilities: ALL, status: 'granted' }),
    ),
    crisis(t1, 'declared', {
      crisisId: 'haiti-earthquake-2010',
      missionId: 'MINUSTAH',
      kind: 'natural-disaster',
      scheduled: false,
      severity: 5,
      window: { start: '2010-01-12T00:00:00Z', end: '2010-05-31T00:00:00Z' },
      requirements: [
        { capability: 'cargo-aircraft', quantity: 2, priority: 10 },
        { capability: 'utility-helicopter', quantity: 2, priority: 9 },
        { capability: 'infantry-company', quantity: 2, priority: 8 },
      ],
      version: 1,
    }),
  ];
}

function case09(): Line[] {
  resetIds();
  const t0 = '2012-02-01T00:00:00Z';
  const t1 = '2012-02-15T00:00:00Z';
  const t2 = '2012-02-20T00:00:00Z';
  const crisisId = 'unisfa-accommodation-2012';
  return [
    comment('Case 9: UNISFA, 2012. UNAMID heavy engineering equipment is lendable; an engineering unit needs an explicit allowance.'),
    mission(t0, 'UNAMID', { personnel: 2000, aircraft: 10 }),
    mission(t0, 'UNISFA', { personnel: 500, aircraft: 4 }),
    ...units(t0, { mission: 'UNAMID', capability: 'heavy-engineering-equipment', contributor: 'CHN', count: 10, notice: 7 }),
    ...units(t0, { mission: 'UNAMID', capability: 'engineering-unit', contributor: 'PAK', count: 4, notice: 14 }),
    ...units(t0, { mission: 'UNAMID', capability: 'infantry-company', contributor: 'RWA', count: 20, status: 'committed' }),
    consent(t0, { consentId: 'sdn-host-unisfa', kind: 'host-state', party: 'SDN', fromMission: '*', toMission: 'UNISFA', capabilities: ALL, status: 'granted' }),
    consent(t0, { consentId: 'unsc-unamid-unisfa', kind: 'council', party: 'UNSC', fromMission: 'UNAMID', toMission: 'UNISFA', capabilities: ALL, status: 'granted' }),
    consent(t0, { consentId: 'chn-unamid-unisfa', kind: 'contributor', party: 'CHN', fromMission: 'UNAMID', toMission: 'UNISFA', capabilities: ALL, status: 'granted' }),
    consent(t0, { consentId: 'pak-unamid-unisfa', kind: 'contributor', party: 'PAK', fromMission: 'UNAMID', toMission: 'UNISFA', capabilities: ALL, status: 'granted' }),
    crisis(t1, 'declared', {
      crisisId,
      missionId: 'UNISFA',
      kind: 'start-up',
      scheduled: true,
      severity: 3,
      window: { start: '2012-03-01T00:00:00Z', end: '2012-08-31T00:00:00Z' },
      requirements: [
        { capability: 'heavy-engineering-equipment', quantity: 4, priority: 7 },
        { capability: 'engineering-unit', quantity: 1, priority: 6 },
      ],
      version: 1,
    }),
    comment('The planners allow an engineering unit for this demand explicitly.'),
    demand(t2, 'raised', {
      demandId: `${crisisId}/engineering-unit`,
      missionId: 'UNISFA',
      crisisId,
      capability: 'engineering-unit',
      quantity: 1,
      window: { start: '2012-03-01T00:00:00Z', end: '2012-08-31T00:00:00Z' },
      priority: 6,
      allowCaution: true,
      version: 2,
    }),
  ];
}

function case10(): Line[] {
  resetIds();
  const t0 = '2012-06-01T00:00:00Z';
  const t1 = '2012-06-10T00:00:00Z';
  return [
    comment('Case 10: commercial aircraft. With the inter-mission clause no contributor consent is needed; without it, never.'),
    mission(t0, 'UNMIL', { personnel: 800, aircraft: 6 }),
    mission(t0, 'UNOCI', { personnel: 1200, aircraft: 6 }),
    ...units(t0, { mission: 'UNMIL', capability: 'utility-helicopter', contributor: 'COMMERCIAL', count: 2, notice: 3, commercial: true, clause: true }),
    ...units(t0, { mission: 'UNMIL', capability: 'utility-helicopter', contributor: 'COMMERCIAL', count: 2, notice: 3, commercial: true, clause: false, from: 3 }),
    ...garrison(t0, 'UNMIL', 'CHN', 10),
    consent(t0, { consentId: 'civ-host', kind: 'host-state', party: 'CIV', fromMission: '*', toMission: 'UNOCI', capabilities: ALL, status: 'granted' }),
    crisis(t1, 'declared', {
      crisisId: 'tai-2012',
      missionId: 'UNOCI',
      kind: 'security',
      scheduled: false,
      severity: 4,
      window: { start: '2012-06-10T00:00:00Z', end: '2012-08-31T00:00:00Z' },
      requirements: [{ capability: 'utility-helicopter', quantity: 3, priority: 8 }],
      version: 1,
    }),
  ];
}

/**
 * The transfers of 2010 to 2012 (cases 2 to 7) in one timeline, with planners approving each
 * proposal and units coming home. Used by `npm start` as the demo world.
 */
function demo(): Line[] {
  resetIds();
  const t0 = '2010-11-01T00:00:00Z';
  const inf = UNMIL_2010[0];
  const ah = UNMIL_2010[3];
  const ciInf = `${CIV_ELECTIONS.crisisId}/infantry-company`;
  const ciAh = `${CIV_ELECTIONS.crisisId}/attack-helicopter`;
  const lbInf = `${LBR_ELECTIONS.crisisId}/infantry-company`;
  const lbFpu = `${LBR_ELECTIONS.crisisId}/formed-police-unit`;
  const lgInf = `${CIV_LEGISLATIVE.crisisId}/infantry-company`;
  const lgFpu = `${CIV_LEGISLATIVE.crisisId}/formed-police-unit`;
  const jg = `${JONGLEI.crisisId}/utility-helicopter`;
  return [
    comment('Demo world: inter-mission transfers of 2010 to 2012 (CASES.md cases 2 to 7) in one timeline.'),
    ...case02World(t0),
    ...UNOCI_2011.flatMap((s) => units(t0, s)),
    ...garrison(t0, 'UNOCI', 'FRA', 6),
    ...case05World(t0),
    consent(t0, { consentId: 'unsc-monusco-unmiss', kind: 'council', party: 'UNSC', fromMission: 'MONUSCO', toMission: 'UNMISS', capabilities: ['utility-helicopter'], status: 'granted', reference: 'S/RES/2032 (2011)' }),
    ...case07World(t0),
    comment("2010-11: Cote d'Ivoire elections (case 2)."),
    ...case02Crisis('2010-11-24T00:00:00Z'),
    approveAll('2010-11-26T00:00:00Z', 'dec-civ-2010'),
    crisis('2011-04-15T00:00:00Z', 'resolved', { ...CIV_ELECTIONS, version: 2 }),
    returned('2011-04-15T00:00:00Z', loanOf(ciInf, inf, 3)),
    returned('2011-04-15T00:00:00Z', loanOf(ciAh, ah, 3)),
    comment('2011-10: Liberian elections, UNOCI to UNMIL (case 3).'),
    ...case03Consents('2011-09-01T00:00:00Z'),
    consent('2011-09-01T00:00:00Z', { consentId: 'unsc-2000', kind: 'council', party: 'UNSC', fromMission: 'UNOCI', toMission: 'UNMIL', capabilities: ALL, status: 'granted', reference: 'S/RES/2000 (2011)' }),
    crisis('2011-09-01T00:00:00Z', 'declared', LBR_ELECTIONS),
    approveAll('2011-09-03T00:00:00Z', 'dec-lbr-2011'),
    returned('2011-11-15T00:00:00Z', loanOf(lbInf, UNOCI_2011[0], 1)),
    returned('2011-11-15T00:00:00Z', loanOf(lbFpu, UNOCI_2011[2], 1)),
    comment('2011-12: Ivorian legislative elections, raised three weeks ahead (case 4).'),
    ...case04Consents('2011-11-16T00:00:00Z'),
    crisis('2011-11-16T00:00:00Z', 'declared', CIV_LEGISLATIVE),
    approveAll('2011-11-18T00:00:00Z', 'dec-civ-2011'),
    comment('2012-01: Jonglei, MONUSCO helicopters to UNMISS (case 5), needed in Jonglei (Bor), not at Juba.'),
    crisis('2011-12-30T00:00:00Z', 'declared', { ...JONGLEI, site: PLACES.bor }),
    approveAll('2012-01-01T00:00:00Z', 'dec-jonglei-2012'),
    returned('2012-01-20T00:00:00Z', loanOf(lgInf, inf, 2)),
    returned('2012-01-20T00:00:00Z', loanOf(lgFpu, UNMIL_2010[4], 1)),
    returned('2012-03-01T00:00:00Z', loanOf(jg, MONUSCO_HELIS, 2)),
    comment('2012-04: UNSMIS start-up, observers from several missions (case 7).'),
    ...case07Start('2012-04-14T00:00:00Z'),
    approveAll('2012-04-15T00:00:00Z', 'dec-unsmis-2012'),
    crisis('2012-08-19T00:00:00Z', 'resolved', { ...UNSMIS_START, version: 2 }),
    comment('2012-11: eastern DRC; MONUSCO in crisis lends nothing (case 6). The fighting is around Goma.'),
    crisis('2012-11-20T00:00:00Z', 'declared', { ...KIVU, site: PLACES.goma }),
    // In time order, as everywhere in the file: a live allocator reads the topics in event time,
    // so only a file in time order has the history `plan --all` gives for it.
    ...goma2012('2012-11-22T00:00:00Z'),
    demand('2012-11-25T00:00:00Z', 'raised', UNMISS_HELIS_2012),
    tick('2012-11-26T00:00:00Z'),
  ];
}

/**
 * The demo's open question (our own numbers): MONUSCO asks its neighbours for troops and police
 * after the fall of Goma, so that a newcomer's current proposal has loans to review, one of them
 * waiting on a contributor's consent.
 */
function goma2012(t: string): Line[] {
  const window = { start: '2012-12-01T00:00:00Z', end: '2013-03-31T00:00:00Z' };
  return [
    comment('2012-11: MONUSCO asks UNMISS and UNAMID for companies and police (illustrative; left for the planner to review).'),
    ...garrison(t, 'UNMISS', 'KOR', 6),
    ...units(t, { mission: 'UNMISS', capability: 'infantry-company', contributor: 'IND', count: 4, notice: 10 }),
    ...units(t, { mission: 'UNMISS', capability: 'formed-police-unit', contributor: 'BGD', count: 2, notice: 12 }),
    ...units(t, { mission: 'UNAMID', capability: 'infantry-company', contributor: 'RWA', count: 4, notice: 14 }),
    consent(t, { consentId: 'cod-host-monusco', kind: 'host-state', party: 'COD', fromMission: '*', toMission: 'MONUSCO', capabilities: ALL, status: 'granted' }),
    consent(t, { consentId: 'unsc-goma-2012', kind: 'council', party: 'UNSC', fromMission: '*', toMission: 'MONUSCO', capabilities: ['infantry-company', 'formed-police-unit'], status: 'granted' }),
    consent(t, { consentId: 'ind-unmiss-monusco', kind: 'contributor', party: 'IND', fromMission: 'UNMISS', toMission: 'MONUSCO', capabilities: ALL, status: 'granted' }),
    consent(t, { consentId: 'bgd-unmiss-monusco', kind: 'contributor', party: 'BGD', fromMission: 'UNMISS', toMission: 'MONUSCO', capabilities: ALL, status: 'granted' }),
    consent(t, { consentId: 'rwa-unamid-monusco', kind: 'contributor', party: 'RWA', fromMission: 'UNAMID', toMission: 'MONUSCO', capabilities: ALL, status: 'pending', expectedInDays: 16 }),
    // Needed at Goma: measured from Juba that is 773 km, where MONUSCO's hq (Kinshasa) is 2,085 km.
    demand(t, 'raised', { demandId: 'goma-2012/infantry-company', missionId: 'MONUSCO', capability: 'infantry-company', quantity: 4, window, priority: 9, site: PLACES.goma, version: 1 }),
    demand(t, 'raised', { demandId: 'goma-2012/formed-police-unit', missionId: 'MONUSCO', capability: 'formed-police-unit', quantity: 1, window, priority: 8, site: PLACES.goma, version: 1 }),
  ];
}

// Version 2: loans as they really run. One file per behaviour, each read by a spec in
// apps/allocator/src/cli/cases/.

/** UNMIL and UNOCI with the consents every v2 file about them shares. */
function westAfrica(t: string, unmil: UnitSpec[]): Line[] {
  return [
    mission(t, 'UNMIL', { personnel: 800, aircraft: 4 }),
    mission(t, 'UNOCI', { personnel: 800, aircraft: 4 }),
    ...unmil.flatMap((s) => units(t, s)),
    ...garrison(t, 'UNMIL', 'BGD', 10),
    consent(t, { consentId: 'civ-host', kind: 'host-state', party: 'CIV', fromMission: '*', toMission: 'UNOCI', capabilities: ALL, status: 'granted' }),
    consent(t, { consentId: 'lbr-host', kind: 'host-state', party: 'LBR', fromMission: '*', toMission: 'UNMIL', capabilities: ALL, status: 'granted' }),
  ];
}

const UNMIL_PAK: UnitSpec = { mission: 'UNMIL', capability: 'infantry-company', contributor: 'PAK', count: 4, notice: 7 };
const UNMIL_NGA: UnitSpec = { mission: 'UNMIL', capability: 'infantry-company', contributor: 'NGA', count: 4, notice: 14 };
const grantedTo = (t: string, party: string, consentId: string) => consent(t, { consentId, kind: 'contributor', party, fromMission: 'UNMIL', toMission: '*', capabilities: ALL, status: 'granted' });
const councilWA = (t: string, validUntil?: string) =>
  consent(t, { consentId: 'unsc-1951', kind: 'council', party: 'UNSC', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ALL, status: 'granted', reference: 'S/RES/1951 (2010)', ...(validUntil ? { validUntil } : {}) });
const unociNeed = (crisisId: string, quantity: number, window: { start: string; end: string }) => ({
  crisisId,
  missionId: 'UNOCI',
  kind: 'security' as const,
  scheduled: false,
  severity: 4 as const,
  window,
  requirements: [{ capability: 'infantry-company' as Capability, quantity, priority: 8 }],
  version: 1,
});

/** Item 2: the Goma crisis is measured from Juba to Goma (773 km), not to Kinshasa (2,085 km). */
function v2Places(): Line[] {
  resetIds();
  const t = '2012-11-22T00:00:00Z';
  return [
    comment('v2 places: MONUSCO needs companies at Goma; UNMISS has some at Juba (its hq) and some based at Bor.'),
    mission(t, 'MONUSCO', { personnel: 1500, aircraft: 8 }),
    mission(t, 'UNMISS', { personnel: 600, aircraft: 6 }),
    ...garrison(t, 'UNMISS', 'KOR', 6),
    ...units(t, { mission: 'UNMISS', capability: 'infantry-company', contributor: 'IND', count: 4, notice: 10 }),
    ...units(t, { mission: 'UNMISS', capability: 'infantry-company', contributor: 'IND', count: 2, notice: 10, from: 5, location: PLACES.bor }),
    consent(t, { consentId: 'cod-host-monusco', kind: 'host-state', party: 'COD', fromMission: '*', toMission: 'MONUSCO', capabilities: ALL, status: 'granted' }),
    consent(t, { consentId: 'unsc-goma-2012', kind: 'council', party: 'UNSC', fromMission: '*', toMission: 'MONUSCO', capabilities: ALL, status: 'granted' }),
    consent(t, { consentId: 'ind-unmiss-monusco', kind: 'contributor', party: 'IND', fromMission: 'UNMISS', toMission: 'MONUSCO', capabilities: ALL, status: 'granted' }),
    crisis(t, 'declared', {
      crisisId: 'goma-2012',
      missionId: 'MONUSCO',
      kind: 'security',
      scheduled: false,
      severity: 5,
      window: { start: '2012-12-01T00:00:00Z', end: '2013-03-31T00:00:00Z' },
      requirements: [{ capability: 'infantry-company', quantity: 2, priority: 9 }],
      site: PLACES.goma,
      version: 1,
    }),
  ];
}

/** Item 3: a consent past its expected date is planned overdueConsentDays ahead, and shown overdue. */
function v2Overdue(): Line[] {
  resetIds();
  const t0 = '2010-11-01T00:00:00Z';
  const t1 = '2010-11-20T00:00:00Z';
  return [
    comment('v2 overdue consent: PAK was expected to answer by 11 November; on the 20th it still has not.'),
    ...westAfrica(t0, [UNMIL_PAK]),
    councilWA(t0),
    consent(t0, { consentId: 'pak-unmil', kind: 'contributor', party: 'PAK', fromMission: 'UNMIL', toMission: '*', capabilities: ALL, status: 'pending', expectedInDays: 10 }),
    crisis(t1, 'declared', unociNeed('abidjan-2010', 1, { start: '2011-01-01T00:00:00Z', end: '2011-03-01T00:00:00Z' })),
    demand(t1, 'raised', { demandId: 'abidjan-escort', missionId: 'UNOCI', capability: 'infantry-company', quantity: 1, window: { start: '2010-11-22T00:00:00Z', end: '2010-12-05T00:00:00Z' }, priority: 5, version: 1 }),
  ];
}

/** Item 4: the Council's authorization ends mid-window; the loan is planned until then. */
function v2Validity(): Line[] {
  resetIds();
  const t0 = '2010-12-01T00:00:00Z';
  return [
    comment('v2 consent validity: S/RES/1951 (2010) as recorded here runs until 15 February 2011; the window to 31 March.'),
    ...westAfrica(t0, [UNMIL_PAK]),
    grantedTo(t0, 'PAK', 'pak-unmil'),
    councilWA(t0, '2011-02-15T00:00:00Z'),
    crisis(t0, 'declared', unociNeed('civ-2011', 1, { start: '2011-01-01T00:00:00Z', end: '2011-03-31T00:00:00Z' })),
  ];
}

/** Items 5 and 6: a consent withdrawn under an active loan; the planner recalls it; the units come home. */
function v2Lapse(): Line[] {
  resetIds();
  const t0 = '2010-12-01T00:00:00Z';
  const need = unociNeed('civ-2011', 2, { start: '2010-12-15T00:00:00Z', end: '2011-04-30T00:00:00Z' });
  return [
    comment('v2 lapse: two PAK companies lent to UNOCI; Pakistan withdraws its consent in January.'),
    ...westAfrica(t0, [UNMIL_PAK, UNMIL_NGA]),
    grantedTo(t0, 'PAK', 'pak-unmil'),
    grantedTo(t0, 'NGA', 'nga-unmil'),
    councilWA(t0),
    crisis(t0, 'declared', need),
    approveAll('2010-12-02T00:00:00Z', 'dec-civ-2010'),
    comment('15 January: the PAK consent is withdrawn; the loan lapses and the demand is planned again.'),
    consent('2011-01-15T00:00:00Z', { consentId: 'pak-unmil', kind: 'contributor', party: 'PAK', fromMission: 'UNMIL', toMission: '*', capabilities: ALL, status: 'withdrawn', version: 2 }),
    comment('20 January: the planner recalls it; the companies are home two days later (760 km at 500 km a day).'),
    recalled('2011-01-20T00:00:00Z', loanOf(`${need.crisisId}/infantry-company`, UNMIL_PAK, 2), 'contributor PAK withdrew its consent'),
    tick('2011-01-23T00:00:00Z'),
  ];
}

/** Item 6: the donor falls into crisis while its companies are away. */
function v2RecallCrisis(): Line[] {
  resetIds();
  const t0 = '2010-12-01T00:00:00Z';
  return [
    comment('v2 recall: UNMIL lends two companies to UNOCI, then needs every company it has.'),
    ...westAfrica(t0, [{ ...UNMIL_PAK, count: 6 }]),
    grantedTo(t0, 'PAK', 'pak-unmil'),
    councilWA(t0),
    crisis(t0, 'declared', unociNeed('civ-2011', 2, { start: '2010-12-15T00:00:00Z', end: '2011-04-30T00:00:00Z' })),
    approveAll('2010-12-02T00:00:00Z', 'dec-civ-2010'),
    crisis('2011-01-10T00:00:00Z', 'declared', {
      crisisId: 'lbr-2011',
      missionId: 'UNMIL',
      kind: 'security',
      scheduled: false,
      severity: 5,
      window: { start: '2011-01-10T00:00:00Z', end: '2011-03-31T00:00:00Z' },
      requirements: [{ capability: 'infantry-company', quantity: 6, priority: 10 }],
      version: 1,
    }),
  ];
}

/** v3: UNMIL's own need for companies in February, and UNOCI's crisis asking for two. */
function v3MovedGap(unmilPriority: number): Line[] {
  resetIds();
  const t0 = '2010-12-01T00:00:00Z';
  const heavier = unmilPriority * 1 > 4 * 2;
  return [
    comment(`v3 moved gap: UNMIL needs 1 company more in February (priority ${unmilPriority}, weight ${unmilPriority}); UNOCI's crisis asks for 2 (priority 4 x severity 2 = weight 8). ${heavier ? "UNMIL's need weighs more: it keeps its companies." : "UNOCI's need weighs more: UNMIL lends 2 and is short them in February."}`),
    ...westAfrica(t0, [{ ...UNMIL_PAK, count: 6 }]),
    grantedTo(t0, 'PAK', 'pak-unmil'),
    councilWA(t0),
    demand(t0, 'raised', { demandId: 'unmil-feb-2011', missionId: 'UNMIL', capability: 'infantry-company', quantity: 1, window: { start: '2011-02-01T00:00:00Z', end: '2011-03-01T00:00:00Z' }, priority: unmilPriority, version: 1 }),
    crisis(t0, 'declared', { ...unociNeed('civ-2011', 2, { start: '2010-12-15T00:00:00Z', end: '2011-04-30T00:00:00Z' }), severity: 2, requirements: [{ capability: 'infantry-company', quantity: 2, priority: 4 }] }),
  ];
}

/** v3: 44 companies at UNMIL, 40 of them committed at home; the floor (22) is kept by all 44. */
function v3CommittedFloor(): Line[] {
  resetIds();
  const t0 = '2010-12-01T00:00:00Z';
  return [
    comment('v3 committed floor: UNMIL holds 44 companies, 40 committed at home and 4 available; floor 22. v2 lent none (available 4 < floor 22); v3 lends all 4.'),
    ...westAfrica(t0, [{ ...UNMIL_PAK, count: 4 }, { mission: 'UNMIL', capability: 'infantry-company', contributor: 'BGD', count: 40, notice: 7, status: 'committed' }]),
    grantedTo(t0, 'PAK', 'pak-unmil'),
    councilWA(t0),
    crisis(t0, 'declared', unociNeed('civ-2011', 4, { start: '2010-12-15T00:00:00Z', end: '2011-04-30T00:00:00Z' })),
  ];
}

/** v3: UNMIL declares an election ten days ahead; UNOCI asks for companies for four months now. */
function v3ElectionAhead(): Line[] {
  resetIds();
  const t0 = '2010-12-01T00:00:00Z';
  return [
    comment('v3 election ahead: UNMIL\'s election opens 2010-12-11, ten days ahead; a loan to UNOCI would be away 2010-12-10 to 2011-04-14. UNMIL keeps its companies (donor-in-crisis, naming the election and its start).'),
    ...westAfrica(t0, [{ ...UNMIL_PAK, count: 6 }]),
    grantedTo(t0, 'PAK', 'pak-unmil'),
    councilWA(t0),
    crisis(t0, 'declared', { crisisId: 'lbr-election-2010', missionId: 'UNMIL', kind: 'election', scheduled: true, severity: 3, window: { start: '2010-12-11T00:00:00Z', end: '2011-01-15T00:00:00Z' }, requirements: [], version: 1 }),
    crisis(t0, 'declared', unociNeed('civ-2011', 2, { start: '2010-12-01T00:00:00Z', end: '2011-03-31T00:00:00Z' })),
  ];
}

/** v3: four weeks of Council authorization on a four-month need: proposed, with renewal. */
function v3ShortAuthorization(): Line[] {
  resetIds();
  const t0 = '2010-12-01T00:00:00Z';
  return [
    comment('v3 short authorization: the Council authorizes until 2011-01-05; UNOCI needs 2 companies 2010-12-15 to 2011-04-15. v2: too-late (17% covered before it ends); v3: proposed with renewal, covering all of the window if renewed.'),
    ...westAfrica(t0, [UNMIL_PAK]),
    grantedTo(t0, 'PAK', 'pak-unmil'),
    councilWA(t0, '2011-01-05T00:00:00Z'),
    crisis(t0, 'declared', unociNeed('civ-2011', 2, { start: '2010-12-15T00:00:00Z', end: '2011-04-15T00:00:00Z' })),
  ];
}

/** v3: two consents missing for one contributor's companies, named together; another contributor's go. */
function v3ConsentBundle(): Line[] {
  resetIds();
  const t0 = '2010-12-01T00:00:00Z';
  return [
    comment('v3 consent bundle: UNOCI needs 6 companies. NGA companies lack both their contributor consent and the Council authorization (granted for PAK units only); the reason names both. The 4 PAK companies go (floor 4 of 8).'),
    ...westAfrica(t0, [UNMIL_PAK, UNMIL_NGA]),
    grantedTo(t0, 'PAK', 'pak-unmil'),
    consent(t0, { consentId: 'unsc-1951-pak', kind: 'council', party: 'UNSC', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ALL, status: 'granted', reference: 'S/RES/1951 (2010)', contributors: ['PAK'] }),
    crisis(t0, 'declared', unociNeed('civ-2011', 6, { start: '2010-12-15T00:00:00Z', end: '2011-04-30T00:00:00Z' })),
  ];
}

/** v3: the host state objects to one contributor; another contributor's companies are lent instead. */
function v3Objection(): Line[] {
  resetIds();
  const t0 = '2010-12-01T00:00:00Z';
  const t1 = '2010-12-05T00:00:00Z';
  return [
    comment("v3 objection: UNOCI needs 5 companies from 2010-12-12. First PAK's 4 (notice 7 d) go, 1 short at the floor (4 of 8); then Côte d'Ivoire, which grants any mission's help (civ-host), objects to PAK companies (civ-objects-pak): NGA's 4 go instead, 1 short, and PAK's exclusion names the objection."),
    ...westAfrica(t0, [UNMIL_PAK, UNMIL_NGA]),
    grantedTo(t0, 'PAK', 'pak-unmil'),
    grantedTo(t0, 'NGA', 'nga-unmil'),
    councilWA(t0),
    crisis(t0, 'declared', unociNeed('civ-2011', 5, { start: '2010-12-12T00:00:00Z', end: '2011-04-30T00:00:00Z' })),
    consent(t1, { consentId: 'civ-objects-pak', kind: 'host-state', party: 'CIV', fromMission: '*', toMission: 'UNOCI', capabilities: ALL, status: 'refused', contributors: ['PAK'] }),
  ];
}

/** v3: a file modelling only UNMIL's helicopters; its real uniformed strength bases the share on loan. */
function v3UniformedStrength(): Line[] {
  resetIds();
  const t0 = '2010-12-01T00:00:00Z';
  const t1 = '2010-12-05T00:00:00Z';
  const unmil = (version: number, uniformedStrength?: number) => event('imc.mission.upserted', version === 1 ? t0 : t1, { ...MISSIONS.UNMIL, status: 'normal', receivingCapacity: { personnel: 800, aircraft: 4 }, ...(uniformedStrength ? { uniformedStrength } : {}), version }, 'UNMIL');
  return [
    comment('v3 uniformed strength: only UNMIL\'s 6 helicopters are on file (6 x 20 crew = 120): 25% is 30 people, one helicopter. Then UNMIL\'s record gives its 7,952 uniformed personnel, and the floor (3 of 6) is the limit: 3.'),
    unmil(1),
    mission(t0, 'UNOCI', { personnel: 800, aircraft: 6 }),
    ...units(t0, { mission: 'UNMIL', capability: 'utility-helicopter', contributor: 'UKR', count: 6, notice: 7 }),
    consent(t0, { consentId: 'civ-host', kind: 'host-state', party: 'CIV', fromMission: '*', toMission: 'UNOCI', capabilities: ALL, status: 'granted' }),
    consent(t0, { consentId: 'ukr-unmil', kind: 'contributor', party: 'UKR', fromMission: 'UNMIL', toMission: '*', capabilities: ALL, status: 'granted' }),
    councilWA(t0),
    crisis(t0, 'declared', { ...unociNeed('civ-2011', 4, { start: '2010-12-15T00:00:00Z', end: '2011-04-30T00:00:00Z' }), requirements: [{ capability: 'utility-helicopter', quantity: 4, priority: 8 }] }),
    unmil(2, 7952),
  ];
}

/** v3 advice: Pakistan's consent and the Council's authorization both missing for UNMIL -> UNOCI. */
function v3AdviceBundle(): Line[] {
  resetIds();
  const t0 = '2010-12-01T00:00:00Z';
  return [
    comment("v3 consent bundle: UNMIL's Pakistani companies lack both Pakistan's consent and the Council's authorization for UNOCI; UNOCI's crisis asks for 2 from 2010-12-15. Granting one of the two gains nothing: advice names the bundle."),
    ...westAfrica(t0, [{ ...UNMIL_PAK, count: 6 }]),
    crisis(t0, 'declared', unociNeed('civ-2011', 2, { start: '2010-12-15T00:00:00Z', end: '2011-04-30T00:00:00Z' })),
  ];
}

/** v3 advice: UNOCI asks for 3 companies; UNMIL holds 4 with a floor of 2, so lowering it by one is enough. */
function v3AdviceMilderFloor(): Line[] {
  resetIds();
  const t0 = '2010-12-01T00:00:00Z';
  return [
    comment('v3 milder floor: UNMIL holds 4 companies with the default floor of 2 and lends 2; UNOCI asks for 3. Floor 2 -> 1 and floor 2 -> 0 both bring the third company: the milder change ranks first.'),
    ...westAfrica(t0, [UNMIL_PAK]),
    grantedTo(t0, 'PAK', 'pak-unmil'),
    councilWA(t0),
    crisis(t0, 'declared', unociNeed('civ-2011', 3, { start: '2010-12-15T00:00:00Z', end: '2011-04-30T00:00:00Z' })),
  ];
}

/**
 * v3, the loan's life: a short Council authorization caps an approved loan of two helicopters;
 * renewalsDue lists it three weeks ahead; its renewal moves the loan; the window grows, an
 * extension past the authorization is refused naming it, one up to it is applied, and the
 * authorization is listed again three weeks before it would end the loan.
 */
function v3Renewal(): Line[] {
  resetIds();
  const t0 = '2010-12-01T00:00:00Z';
  const helicopters: UnitSpec = { mission: 'UNMIL', capability: 'utility-helicopter', contributor: 'UKR', count: 4, notice: 5 };
  const need = {
    crisisId: 'civ-2010-air',
    missionId: 'UNOCI',
    kind: 'security' as const,
    scheduled: false,
    severity: 4 as const,
    window: { start: '2010-12-15T00:00:00Z', end: '2011-04-15T00:00:00Z' },
    requirements: [{ capability: 'utility-helicopter' as Capability, quantity: 2, priority: 8 }],
    version: 1,
  };
  const loanId = loanOf(`${need.crisisId}/utility-helicopter`, helicopters, 2);
  return [
    comment('v3 renewal: UNOCI needs two helicopters for four months (15 December to 15 April); the Council authorizes the move until 15 January (our own dates).'),
    ...westAfrica(t0, [helicopters]),
    grantedTo(t0, 'UKR', 'ukr-unmil'),
    councilWA(t0, '2011-01-15T00:00:00Z'),
    crisis(t0, 'declared', need),
    approveAll('2010-12-02T00:00:00Z', 'dec-civ-air'),
    comment('24 December: not yet listed; 26 December: within 21 days of 15 January, listed under renewalsDue.'),
    tick('2010-12-24T00:00:00Z'),
    tick('2010-12-26T00:00:00Z'),
    comment('12 January: the Council renews until 30 April; the loan returns by its natural end, 29 April (15 April + 14 d).'),
    consent('2011-01-12T00:00:00Z', { consentId: 'unsc-1951', kind: 'council', party: 'UNSC', fromMission: 'UNMIL', toMission: 'UNOCI', capabilities: ALL, status: 'granted', reference: 'S/RES/1951 (2010)', validUntil: '2011-04-30T00:00:00Z', version: 2 }),
    comment('1 February: UNOCI needs the helicopters until 15 May.'),
    crisis('2011-02-01T00:00:00Z', 'updated', { ...need, window: { ...need.window, end: '2011-05-15T00:00:00Z' }, version: 2 }),
    comment('2 February: an extension to 29 May is refused (the authorization ends 30 April); 3 February: one to 30 April is applied.'),
    extended('2011-02-02T00:00:00Z', loanId, '2011-05-29T00:00:00Z', 'UNOCI needs them to mid-May'),
    extended('2011-02-03T00:00:00Z', loanId, '2011-04-30T00:00:00Z', 'UNOCI needs them to mid-May; as far as the authorization goes'),
    comment('10 April: within 21 days of 30 April, the authorization is listed again.'),
    tick('2011-04-10T00:00:00Z'),
  ];
}

/** Item 7: a year-long window served by a loan of at most 180 days is about half covered. */
function v2Coverage(): Line[] {
  resetIds();
  const t0 = '2011-01-01T00:00:00Z';
  return [
    comment('v2 coverage: a 10 January to 31 December window; a loan stays 180 days at most.'),
    ...westAfrica(t0, [UNMIL_PAK]),
    grantedTo(t0, 'PAK', 'pak-unmil'),
    councilWA(t0),
    crisis(t0, 'declared', unociNeed('civ-2011-year', 1, { start: '2011-01-10T00:00:00Z', end: '2011-12-31T00:00:00Z' })),
  ];
}

/** Item 8: UN-owned equipment needs the host state only. */
function v2UnOwned(): Line[] {
  resetIds();
  const t0 = '2012-03-01T00:00:00Z';
  return [
    comment('v2 UN-owned: UNAMID lends UN-owned heavy engineering equipment to UNISFA; no contributor, no Council.'),
    mission(t0, 'UNAMID', { personnel: 2000, aircraft: 10 }),
    mission(t0, 'UNISFA', { personnel: 400, aircraft: 4 }),
    ...units(t0, { mission: 'UNAMID', capability: 'heavy-engineering-equipment', contributor: 'UN', count: 4, notice: 10 }),
    ...garrison(t0, 'UNAMID', 'CHN', 10),
    consent(t0, { consentId: 'sdn-host-unisfa', kind: 'host-state', party: 'SDN', fromMission: '*', toMission: 'UNISFA', capabilities: ALL, status: 'granted' }),
    crisis(t0, 'declared', {
      crisisId: 'abyei-roads-2012',
      missionId: 'UNISFA',
      kind: 'natural-disaster',
      scheduled: false,
      severity: 3,
      window: { start: '2012-03-20T00:00:00Z', end: '2012-06-30T00:00:00Z' },
      requirements: [{ capability: 'heavy-engineering-equipment', quantity: 2, priority: 7 }],
      version: 1,
    }),
  ];
}

write('v2-places-goma.jsonl', v2Places());
write('v2-overdue-consent.jsonl', v2Overdue());
write('v2-consent-validity.jsonl', v2Validity());
write('v2-consent-lapse.jsonl', v2Lapse());
write('v2-recall-donor-in-crisis.jsonl', v2RecallCrisis());
write('v2-coverage-long-window.jsonl', v2Coverage());
write('v2-un-owned.jsonl', v2UnOwned());
write('v3-moved-gap-lender-heavier.jsonl', v3MovedGap(9));
write('v3-moved-gap-lender-lighter.jsonl', v3MovedGap(3));
write('v3-committed-floor.jsonl', v3CommittedFloor());
write('v3-election-ahead.jsonl', v3ElectionAhead());
write('v3-short-authorization.jsonl', v3ShortAuthorization());
write('v3-consent-bundle.jsonl', v3ConsentBundle());
write('v3-objection.jsonl', v3Objection());
write('v3-uniformed-strength.jsonl', v3UniformedStrength());
write('v3-advice-bundle.jsonl', v3AdviceBundle());
write('v3-advice-milder-floor.jsonl', v3AdviceMilderFloor());
write('v3-renewal.jsonl', v3Renewal());
write('01-abidjan-2006.jsonl', case01());
write('02-cote-divoire-elections-2010.jsonl', case02());
write('03-liberia-elections-2011.jsonl', case03());
write('04-cote-divoire-legislative-2011.jsonl', case04());
write('05-jonglei-2012.jsonl', case05());
write('06-eastern-drc-2012.jsonl', case06());
write('07-unsmis-start-up-2012.jsonl', case07());
write('08-haiti-2010.jsonl', case08());
write('09-unisfa-engineering-2012.jsonl', case09());
write('10-commercial-aircraft.jsonl', case10());
write('demo-2010-2012.jsonl', demo());
