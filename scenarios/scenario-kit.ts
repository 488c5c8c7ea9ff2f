/**
 * Small builders for scenario files: each returns one CloudEvent line. Used by
 * generate-scenarios.ts so that the JSONL files stay consistent (same HQs, same ids).
 */
import { Capability, cloudEvent, Consent, Crisis, Demand, Mission, Place, Unit } from '@imc/contracts';

export interface Line {
  comment?: string;
  event?: Record<string, unknown>;
}

let counter = 0;

/** Event ids restart per file so that each file reads on its own. */
export function resetIds(): void {
  counter = 0;
}

export function event(type: string, time: string, data: object, subject?: string): Line {
  counter++;
  const e = cloudEvent({ id: `evt-${String(counter).padStart(4, '0')}`, source: '/scenarios', type, time, subject: subject || undefined, data });
  return { event: { ...e } };
}

export const comment = (text: string): Line => ({ comment: text });

/** Headquarters from CASES.md; host states and regions are public facts. */
export const MISSIONS: Record<string, Omit<Mission, 'receivingCapacity' | 'version' | 'status'>> = {
  UNMIL: { missionId: 'UNMIL', name: 'UN Mission in Liberia', hostState: 'LBR', region: 'west-africa', hq: { lat: 6.32, lon: -10.81 } },
  UNOCI: { missionId: 'UNOCI', name: "UN Operation in Côte d'Ivoire", hostState: 'CIV', region: 'west-africa', hq: { lat: 5.36, lon: -4.01 } },
  MONUSCO: { missionId: 'MONUSCO', name: 'UN Stabilization Mission in the DR Congo', hostState: 'COD', region: 'central-africa', hq: { lat: -4.44, lon: 15.27 } },
  UNMISS: { missionId: 'UNMISS', name: 'UN Mission in South Sudan', hostState: 'SSD', region: 'east-africa', hq: { lat: 4.86, lon: 31.57 } },
  UNISFA: { missionId: 'UNISFA', name: 'UN Interim Security Force for Abyei', hostState: 'SDN', region: 'east-africa', hq: { lat: 9.6, lon: 28.44 } },
  UNAMID: { missionId: 'UNAMID', name: 'AU-UN Hybrid Operation in Darfur', hostState: 'SDN', region: 'east-africa', hq: { lat: 13.63, lon: 25.35 } },
  UNIFIL: { missionId: 'UNIFIL', name: 'UN Interim Force in Lebanon', hostState: 'LBN', region: 'middle-east', hq: { lat: 33.12, lon: 35.14 } },
  UNDOF: { missionId: 'UNDOF', name: 'UN Disengagement Observer Force', hostState: 'SYR', region: 'middle-east', hq: { lat: 33.27, lon: 35.9 } },
  UNSMIS: { missionId: 'UNSMIS', name: 'UN Supervision Mission in Syria', hostState: 'SYR', region: 'middle-east', hq: { lat: 33.51, lon: 36.28 } },
  MINUSTAH: { missionId: 'MINUSTAH', name: 'UN Stabilization Mission in Haiti', hostState: 'HTI', region: 'caribbean', hq: { lat: 18.59, lon: -72.31 } },
  UNMIT: { missionId: 'UNMIT', name: 'UN Integrated Mission in Timor-Leste', hostState: 'TLS', region: 'asia-pacific', hq: { lat: -8.56, lon: 125.56 } },
};

export function mission(time: string, id: string, receiving: Mission['receivingCapacity'], status: Mission['status'] = 'normal', version = 1): Line {
  const m: Mission = { ...MISSIONS[id], status, receivingCapacity: receiving, version };
  return event('imc.mission.upserted', time, m, id);
}

const ABBREV: Record<Capability, string> = {
  'infantry-company': 'inf',
  'formed-police-unit': 'fpu',
  'military-observer-team': 'mot',
  'utility-helicopter': 'uh',
  'attack-helicopter': 'ah',
  'cargo-aircraft': 'cargo',
  'engineering-unit': 'eng',
  'heavy-engineering-equipment': 'hee',
  'field-hospital': 'hosp',
  'special-forces': 'sf',
  'civilian-team': 'civ',
};

/** Typical size of one unit, for personnel and aircraft. */
const SIZE: Record<Capability, { personnel: number; aircraft: number }> = {
  'infantry-company': { personnel: 150, aircraft: 0 },
  'formed-police-unit': { personnel: 140, aircraft: 0 },
  'military-observer-team': { personnel: 6, aircraft: 0 },
  'utility-helicopter': { personnel: 20, aircraft: 1 },
  'attack-helicopter': { personnel: 25, aircraft: 1 },
  'cargo-aircraft': { personnel: 12, aircraft: 1 },
  'engineering-unit': { personnel: 200, aircraft: 0 },
  'heavy-engineering-equipment': { personnel: 8, aircraft: 0 },
  'field-hospital': { personnel: 60, aircraft: 0 },
  'special-forces': { personnel: 40, aircraft: 0 },
  'civilian-team': { personnel: 5, aircraft: 0 },
};

export interface UnitSpec {
  mission: string;
  capability: Capability;
  contributor: string;
  count: number;
  notice?: number;
  status?: Unit['status'];
  commercial?: boolean;
  clause?: boolean;
  personnel?: number;
  /** First number of the unit ids; lets a file add more of the same kind later. */
  from?: number;
  /** Where the units are based, when not at their mission's hq. */
  location?: Place;
  /** A slug of the base, put in the unit ids when a mission has units of one kind at several bases. */
  base?: string;
}

export function unitId(s: Pick<UnitSpec, 'mission' | 'capability' | 'contributor' | 'base'>, n: number): string {
  return `${s.mission}-${ABBREV[s.capability]}-${s.contributor}-${s.base ? `${s.base}-` : ''}${String(n).padStart(2, '0')}`;
}

export function units(time: string, s: UnitSpec): Line[] {
  const out: Line[] = [];
  const first = s.from ?? 1;
  for (let n = first; n < first + s.count; n++) {
    const u: Unit = {
      unitId: unitId(s, n),
      missionId: s.mission,
      capability: s.capability,
      personnel: s.personnel ?? SIZE[s.capability].personnel,
      aircraft: SIZE[s.capability].aircraft,
      contributor: s.contributor,
      commercial: s.commercial ?? false,
      interMissionClause: s.clause ?? false,
      noticeToMoveDays: s.notice ?? 14,
      status: s.status ?? 'available',
      version: 1,
    };
    if (s.location) u.location = { ...s.location };
    out.push(event('imc.unit.upserted', time, u, u.unitId));
  }
  return out;
}

export function consent(time: string, c: Omit<Consent, 'version'> & { version?: number }): Line {
  return event('imc.consent.recorded', time, { version: 1, ...c }, c.consentId);
}

export function crisis(time: string, type: 'declared' | 'updated' | 'resolved', c: Crisis): Line {
  return event(`imc.crisis.${type}`, time, c, c.missionId);
}

export function demand(time: string, type: 'raised' | 'withdrawn', d: Demand): Line {
  return event(`imc.demand.${type}`, time, d, d.missionId);
}

export function approveAll(time: string, decisionId: string, reviewer = 'dpo-ops'): Line {
  return event('imc.allocation.decided', time, { decisionId, proposalId: 'latest', loanIds: ['*'], decision: 'approved', reviewer, version: 1 }, decisionId);
}

export function returned(time: string, loanId: string): Line {
  return event('imc.loan.returned', time, { loanId, returnedAt: time }, loanId);
}

export function recalled(time: string, loanId: string, reason: string): Line {
  return event('imc.loan.recalled', time, { loanId, recalledAt: time, reason }, loanId);
}

/** (v3) An approver moves a loan's return date later (POST /v1/loans/{loanId}/extend). */
export function extended(time: string, loanId: string, returnBy: string, reason: string): Line {
  return event('imc.loan.extended', time, { loanId, returnBy, extendedAt: time, reason }, loanId);
}

/** Places of the v2 scenarios: crisis sites and bases away from a mission's hq. */
export const PLACES = {
  goma: { name: 'Goma', lat: -1.68, lon: 29.22 },
  bor: { name: 'Bor, Jonglei', lat: 6.21, lon: 31.56 },
  gbarnga: { name: 'Gbarnga', lat: 7.0, lon: -9.47 },
  zwedru: { name: 'Zwedru', lat: 6.07, lon: -8.13 },
} satisfies Record<string, Place>;

export function tick(time: string): Line {
  return event('imc.clock.ticked', time, {});
}

export function render(lines: Line[]): string {
  return `${lines.map((l) => (l.comment !== undefined ? `# ${l.comment}` : JSON.stringify(l.event))).join('\n')}\n`;
}
