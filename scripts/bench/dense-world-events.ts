import { Capability, CAPABILITIES, CloudEvent, cloudEvent, Consent, Demand, Mission, Unit } from '@imc/contracts';
import { prng } from '@imc/optimizer/testing/random-problem';

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
}

const MISSIONS_PER_CLUSTER = 8;
const CONTRIBUTORS = ['BGD', 'PAK', 'IND', 'NPL', 'RWA', 'ETH', 'GHA', 'NGA', 'SEN', 'EGY', 'URY', 'CHN', 'IDN', 'MAR', 'TZA', 'KEN', 'BRA', 'JOR', 'ZMB', 'MYS'];
const AS_OF = Date.parse('2012-01-01T00:00:00Z');
const DAY = 86_400_000;

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
  for (const capability of CAPABILITIES) capabilities[capability] = { maxDistanceKm: LONG_REACH.includes(capability) ? 12_000 : 2500 };
  emit('imc.policy.updated', 'default', { version: 1, maxShareOnLoan: 0.3, capabilities });

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
      receivingCapacity: { personnel: int(300, 1500), aircraft: int(1, 6) },
      version: 1,
    };
  });
  for (const mission of missions) emit('imc.mission.upserted', mission.missionId, mission);

  for (const mission of missions) {
    for (const capability of CAPABILITIES) {
      if (random() >= 2 / 3) continue;
      const size = SIZE[capability];
      const contributors = int(0, 3);
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

  const consent = (consentId: string, kind: Consent['kind'], party: string, pendingDays?: number): Consent => ({
    consentId,
    kind,
    party,
    fromMission: '*',
    toMission: '*',
    capabilities: ['*'],
    status: pendingDays === undefined ? 'granted' : 'pending',
    ...(pendingDays === undefined ? {} : { expectedInDays: pendingDays }),
    version: 1,
  });
  for (const contributor of CONTRIBUTORS) {
    emit('imc.consent.recorded', contributor, consent(`tcc-${contributor}`, 'contributor', contributor, random() < 0.8 ? undefined : int(5, 35)));
  }
  for (const mission of missions) emit('imc.consent.recorded', mission.hostState, consent(`host-${mission.hostState}`, 'host-state', mission.hostState));
  emit('imc.consent.recorded', 'UNSC', consent('unsc-all', 'council', 'UNSC', 7));

  for (let at = 1; at <= shape.demands; at += 1) {
    const start = AS_OF + int(5, 45) * DAY;
    const demand: Demand = {
      demandId: `DD${String(at).padStart(5, '0')}`,
      missionId: pick(missions).missionId,
      capability: pick(CAPABILITIES),
      quantity: int(1, 4),
      window: { start: new Date(start).toISOString(), end: new Date(start + int(20, 120) * DAY).toISOString() },
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
