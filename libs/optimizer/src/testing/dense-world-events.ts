import { Capability, CAPABILITIES, CloudEvent, cloudEvent, Consent, Demand, Mission, Unit } from '@imc/contracts';
import { prng } from './random-problem';

/**
 * The dense family of benchmark worlds (issue 12): what a real deployment looks like, with dozens
 * of units per mission in every region, rather than the sparse worlds of world-events.ts. Shape:
 * - missions in regional clusters of about eight, headquarters within +-4 degrees of the centre;
 * - each mission holds about two thirds of the 11 capabilities, 0-3 contributors for each and
 *   1-6 units per contributor (1-4 for aircraft); notice to move 2-21 days; 10% in maintenance;
 *   cargo aircraft are commercial, with the inter-mission clause 80% of the time;
 * - 20 contributors, one consent each for all missions: 80% granted, the rest pending 5-35 days;
 *   one host-state consent per host state for all; the Council pending 7 days for all;
 * - demands at random missions and capabilities, 1-4 units, windows starting in 5-45 days and
 *   lasting 20-120, priority 1-10, 30% allowing caution;
 * - reach 2,500 km except cargo aircraft and civilian teams (12,000 km); share on loan 0.3.
 * Seeded: the same shape gives the same events.
 */
export interface DenseShape {
  missions: number;
  demands: number;
  seed: number;
  /** Which dense family (default `base`, the shape above): see DENSE_FAMILIES. */
  family?: DenseFamily;
}

/**
 * Dense families (issue 25), each a variation of the base shape above so that no one family's
 * shape decides the routing. Every family draws the same sequence of random numbers (only the
 * ranges and thresholds differ), so `base` is the generator of issue 12 unchanged.
 * - base: as above;
 * - long-reach: every capability reaches 6,000 km (helicopters 2,500, cargo and civilian teams
 *   12,000), 1-3 contributors per capability: pairs cross clusters, components merge;
 * - tight-floors: floors keep 70% of a capability at home (at least 2 units), share on loan 0.15,
 *   receiving capacity 150-600 personnel and 1-3 aircraft: the weighted rows bind everywhere;
 * - small-demands: every demand is one unit for 5-20 days, starting in 3-30 days: many small
 *   demands, each with its own pairs;
 * - pending-consents: half the contributors pending 10-40 days, the Council pending 14 days,
 *   demands starting in 3-20 days: consents decide coverage (the critical path of most loans).
 */
export const DENSE_FAMILIES = ['base', 'long-reach', 'tight-floors', 'small-demands', 'pending-consents'] as const;
export type DenseFamily = (typeof DENSE_FAMILIES)[number];

interface FamilyKnobs {
  reachKm: (capability: Capability) => number;
  contributors: [number, number];
  shareOnLoan: number;
  reserveFloor?: { minFraction: number; minCount: number };
  receiving: { personnel: [number, number]; aircraft: [number, number] };
  pendingChance: number;
  pendingDays: [number, number];
  councilDays: number;
  quantity: [number, number];
  startDays: [number, number];
  lengthDays: [number, number];
}

const BASE: FamilyKnobs = {
  reachKm: (capability) => (LONG_REACH.includes(capability) ? 12_000 : 2500),
  contributors: [0, 3],
  shareOnLoan: 0.3,
  receiving: { personnel: [300, 1500], aircraft: [1, 6] },
  pendingChance: 0.2,
  pendingDays: [5, 35],
  councilDays: 7,
  quantity: [1, 4],
  startDays: [5, 45],
  lengthDays: [20, 120],
};

const FAMILIES: Record<DenseFamily, FamilyKnobs> = {
  base: BASE,
  'long-reach': {
    ...BASE,
    reachKm: (capability) => (LONG_REACH.includes(capability) ? 12_000 : capability.endsWith('helicopter') ? 2500 : 6000),
    contributors: [1, 3],
  },
  'tight-floors': {
    ...BASE,
    shareOnLoan: 0.15,
    reserveFloor: { minFraction: 0.7, minCount: 2 },
    receiving: { personnel: [150, 600], aircraft: [1, 3] },
  },
  'small-demands': { ...BASE, quantity: [1, 1], startDays: [3, 30], lengthDays: [5, 20] },
  'pending-consents': { ...BASE, pendingChance: 0.5, pendingDays: [10, 40], councilDays: 14, startDays: [3, 20] },
};

const MISSIONS_PER_CLUSTER = 8;
const CONTRIBUTORS = ['BGD', 'PAK', 'IND', 'NPL', 'RWA', 'ETH', 'GHA', 'NGA', 'SEN', 'EGY', 'URY', 'CHN', 'IDN', 'MAR', 'TZA', 'KEN', 'BRA', 'JOR', 'ZMB', 'MYS'];
const AS_OF = Date.parse('2012-01-01T00:00:00Z');
const DAY = 86_400_000;

/** A consent for every mission pair and capability: granted, or pending for `pendingDays`. */
export function wildcardConsent(consentId: string, kind: Consent['kind'], party: string, pendingDays?: number): Consent {
  return {
    consentId,
    kind,
    party,
    fromMission: '*',
    toMission: '*',
    capabilities: ['*'],
    status: pendingDays === undefined ? 'granted' : 'pending',
    ...(pendingDays === undefined ? {} : { expectedInDays: pendingDays }),
    version: 1,
  };
}

/** Personnel and aircraft per unit: typical sizes, so receiving capacity and share rows weigh them. */
const SIZE: Record<Capability, { personnel: number; aircraft: number }> = {
  'infantry-company': { personnel: 150, aircraft: 0 },
  'formed-police-unit': { personnel: 140, aircraft: 0 },
  'military-observer-team': { personnel: 12, aircraft: 0 },
  'utility-helicopter': { personnel: 22, aircraft: 1 },
  'attack-helicopter': { personnel: 25, aircraft: 1 },
  'cargo-aircraft': { personnel: 9, aircraft: 1 },
  'engineering-unit': { personnel: 180, aircraft: 0 },
  'heavy-engineering-equipment': { personnel: 40, aircraft: 0 },
  'field-hospital': { personnel: 60, aircraft: 0 },
  'special-forces': { personnel: 80, aircraft: 0 },
  'civilian-team': { personnel: 8, aircraft: 0 },
};
const LONG_REACH: readonly Capability[] = ['cargo-aircraft', 'civilian-team'];

function wrapLongitude(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

export function denseWorldEvents(shape: DenseShape): CloudEvent[] {
  const knobs = FAMILIES[shape.family ?? 'base'];
  if (!knobs) throw new Error(`unknown dense family ${String(shape.family)}; one of ${DENSE_FAMILIES.join(', ')}`);
  const random = prng(shape.seed);
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const events: CloudEvent[] = [];
  // A day before "now", one second apart: pending consents count their delay from about now.
  let clock = AS_OF - DAY;
  const emit = (type: string, subject: string, data: unknown) => {
    clock += 1000;
    events.push(cloudEvent({ id: `dense-${events.length + 1}`, source: '/bench', type, time: new Date(clock).toISOString(), subject, data }));
  };

  const capabilities: { [c in Capability]?: { maxDistanceKm: number } } = {};
  for (const capability of CAPABILITIES) capabilities[capability] = { maxDistanceKm: knobs.reachKm(capability) };
  const floors = knobs.reserveFloor ? { reserveFloors: [{ missionId: '*', capability: '*', ...knobs.reserveFloor }] } : {};
  emit('imc.policy.updated', 'default', { version: 1, maxShareOnLoan: knobs.shareOnLoan, capabilities, ...floors });

  const clusters = Math.max(1, Math.round(shape.missions / MISSIONS_PER_CLUSTER));
  const perCluster = Math.ceil(shape.missions / clusters);
  const centres = Array.from({ length: clusters }, (_, at) => ({
    lat: (Math.asin(1 - (2 * (at + 0.5)) / clusters) * 180) / Math.PI * 0.8,
    lon: ((at * 137.508) % 360) - 180,
  }));
  const missions: Mission[] = Array.from({ length: shape.missions }, (_, at) => {
    const centre = centres[Math.floor(at / perCluster)];
    return {
      missionId: `N${String(at + 1).padStart(3, '0')}`,
      name: `Dense mission ${at + 1}`,
      hostState: `Y${String.fromCharCode(65 + (Math.floor(at / 26) % 26))}${String.fromCharCode(65 + (at % 26))}`,
      region: `cluster-${Math.floor(at / perCluster) + 1}`,
      hq: { lat: centre.lat + (random() - 0.5) * 8, lon: wrapLongitude(centre.lon + (random() - 0.5) * 8) },
      status: 'normal',
      receivingCapacity: { personnel: int(...knobs.receiving.personnel), aircraft: int(...knobs.receiving.aircraft) },
      version: 1,
    };
  });
  for (const mission of missions) emit('imc.mission.upserted', mission.missionId, mission);

  for (const mission of missions) {
    for (const capability of CAPABILITIES) {
      if (random() >= 2 / 3) continue;
      const size = SIZE[capability];
      const contributors = int(...knobs.contributors);
      for (let c = 0; c < contributors; c += 1) {
        const cargo = capability === 'cargo-aircraft';
        const contributor = cargo ? 'COMMERCIAL' : pick(CONTRIBUTORS);
        const count = size.aircraft > 0 ? int(1, 4) : int(1, 6);
        for (let at = 0; at < count; at += 1) {
          const unit: Unit = {
            unitId: `${mission.missionId}-${capability}-${c + 1}-${at + 1}`,
            missionId: mission.missionId,
            capability,
            personnel: size.personnel,
            aircraft: size.aircraft,
            contributor,
            commercial: cargo,
            interMissionClause: cargo && random() < 0.8,
            noticeToMoveDays: int(2, 21),
            status: random() < 0.1 ? 'maintenance' : 'available',
            version: 1,
          };
          emit('imc.unit.upserted', unit.unitId, unit);
        }
      }
    }
  }

  for (const contributor of CONTRIBUTORS) {
    emit('imc.consent.recorded', contributor, wildcardConsent(`tcc-${contributor}`, 'contributor', contributor, random() < 1 - knobs.pendingChance ? undefined : int(...knobs.pendingDays)));
  }
  for (const mission of missions) emit('imc.consent.recorded', mission.hostState, wildcardConsent(`host-${mission.hostState}`, 'host-state', mission.hostState));
  emit('imc.consent.recorded', 'UNSC', wildcardConsent('unsc-all', 'council', 'UNSC', knobs.councilDays));

  for (let at = 1; at <= shape.demands; at += 1) {
    const start = AS_OF + int(...knobs.startDays) * DAY;
    const demand: Demand = {
      demandId: `DD${String(at).padStart(5, '0')}`,
      missionId: pick(missions).missionId,
      capability: pick(CAPABILITIES),
      quantity: int(...knobs.quantity),
      window: { start: new Date(start).toISOString(), end: new Date(start + int(...knobs.lengthDays) * DAY).toISOString() },
      priority: int(1, 10),
      ...(random() < 0.3 ? { allowCaution: true } : {}),
      version: 1,
    };
    emit('imc.demand.raised', demand.demandId, demand);
  }
  // Planning "now": one tick fixes it for every size.
  events.push({ ...events[events.length - 1], id: 'dense-clock', type: 'imc.clock.ticked', subject: 'clock', time: new Date(AS_OF).toISOString(), data: {} });
  return events;
}
