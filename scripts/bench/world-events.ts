import { Capability, CloudEvent, cloudEvent, Crisis, Demand, Mission, Policy, Unit } from '@imc/contracts';
import { wildcardConsent } from '@imc/optimizer/testing/dense-world-events';
import { prng } from '@imc/optimizer/testing/random-problem';

export interface WorldShape {
  missions: number;
  demands: number;
  /** Slack: generous floors, shares and receiving capacity. Binding: default floors and tight capacity. */
  binding: boolean;
  seed: number;
}

interface UnitProfile {
  capability: Capability;
  personnel: number;
  aircraft: number;
  /** Expected units of this capability per mission. */
  perMission: number;
}

const PROFILES: UnitProfile[] = [
  { capability: 'infantry-company', personnel: 150, aircraft: 0, perMission: 4 },
  { capability: 'formed-police-unit', personnel: 140, aircraft: 0, perMission: 2 },
  { capability: 'military-observer-team', personnel: 12, aircraft: 0, perMission: 3 },
  { capability: 'utility-helicopter', personnel: 22, aircraft: 1, perMission: 1.5 },
  { capability: 'cargo-aircraft', personnel: 9, aircraft: 1, perMission: 0.15 },
];
const CONTRIBUTORS = ['BGD', 'PAK', 'IND', 'NPL', 'RWA', 'ETH', 'GHA', 'NGA', 'SEN', 'EGY', 'URY', 'CHN'];
const MISSIONS_PER_REGION = 12;
const AS_OF = Date.parse('2012-01-01T00:00:00Z');
const DAY = 86_400_000;

/**
 * A synthetic world as the CloudEvents the allocator would read: missions clustered in regions
 * (loans stay within a region, except cargo aircraft, which reach across oceans), units, blanket consents, a policy, and
 * demands raised by crises or directly. Seeded: the same shape gives the same events.
 */
function wrapLongitude(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

export function worldEvents(shape: WorldShape): CloudEvent[] {
  const random = prng(shape.seed);
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const events: CloudEvent[] = [];
  let clock = AS_OF - 30 * DAY;
  const emit = (type: string, subject: string, data: unknown) => {
    clock += 1000;
    events.push(cloudEvent({ id: `bench-${events.length + 1}`, source: '/bench', type, time: new Date(clock).toISOString(), subject, data }));
  };

  const policy: Partial<Policy> & { version: number } = shape.binding
    ? { version: 1 }
    : {
        version: 1,
        reserveFloors: [{ missionId: '*', capability: '*', minFraction: 0.1, minCount: 0 }],
        maxShareOnLoan: 0.9,
      };
  emit('imc.policy.updated', 'default', policy);

  // Region centres spread evenly over the globe (a Fibonacci lattice): with 12 missions a region,
  // even 25 regions stay some 4,500 km apart, beyond the reach of ground units and helicopters.
  const regions = Math.max(1, Math.round(shape.missions / MISSIONS_PER_REGION));
  const perRegion = Math.ceil(shape.missions / regions);
  const centres = Array.from({ length: regions }, (_, at) => ({
    lat: (Math.asin(1 - (2 * (at + 0.5)) / regions) * 180) / Math.PI,
    lon: ((at * 137.508) % 360) - 180,
  }));
  const missions: Mission[] = Array.from({ length: shape.missions }, (_, at) => {
    const centre = centres[Math.floor(at / perRegion)];
    return {
      missionId: `M${String(at + 1).padStart(3, '0')}`,
      name: `Mission ${at + 1}`,
      // Three capital letters, as an ISO 3166-1 alpha-3 code is (X.. codes are not assigned).
      hostState: `X${String.fromCharCode(65 + (Math.floor(at / 26) % 26))}${String.fromCharCode(65 + (at % 26))}`,
      region: `region-${Math.floor(at / perRegion) + 1}`,
      hq: { lat: Math.max(-89.9, Math.min(89.9, centre.lat + (random() - 0.5) * 6)), lon: wrapLongitude(centre.lon + (random() - 0.5) * 6) },
      status: 'normal',
      receivingCapacity: shape.binding ? { personnel: int(150, 500), aircraft: int(0, 2) } : { personnel: 20_000, aircraft: 50 },
      version: 1,
    };
  });
  for (const mission of missions) emit('imc.mission.upserted', mission.missionId, mission);

  const units: Unit[] = [];
  for (const mission of missions) {
    for (const profile of PROFILES) {
      const count = Math.floor(profile.perMission * (0.5 + random()) + random());
      for (let at = 0; at < count; at += 1) {
        units.push({
          unitId: `${mission.missionId}-${profile.capability}-${at + 1}`,
          missionId: mission.missionId,
          capability: profile.capability,
          personnel: profile.personnel,
          aircraft: profile.aircraft,
          contributor: pick(CONTRIBUTORS.slice(0, 5)),
          commercial: false,
          interMissionClause: false,
          noticeToMoveDays: pick([7, 14, 30]),
          status: random() < 0.9 ? 'available' : 'maintenance',
          version: 1,
        });
      }
    }
  }
  for (const unit of units) emit('imc.unit.upserted', unit.unitId, unit);

  for (const contributor of CONTRIBUTORS) emit('imc.consent.recorded', contributor, wildcardConsent(`tcc-${contributor}`, 'contributor', contributor));
  for (const hostState of new Set(missions.map((mission) => mission.hostState))) {
    emit('imc.consent.recorded', hostState, wildcardConsent(`host-${hostState}`, 'host-state', hostState));
  }
  emit('imc.consent.recorded', 'UNSC', wildcardConsent('unsc-all', 'council', 'UNSC'));

  // Demands: a third through crises (their missions then lend nothing), the rest raised directly.
  const demandProfiles = PROFILES.filter((profile) => profile.capability !== 'cargo-aircraft' || random() < 0.3);
  let raised = 0;
  let crisisCount = 0;
  while (raised < shape.demands) {
    const mission = pick(missions);
    const start = AS_OF + int(20, 60) * DAY;
    const window = { start: new Date(start).toISOString(), end: new Date(start + int(30, 120) * DAY).toISOString() };
    if (random() < 0.33 && shape.demands - raised >= 2) {
      crisisCount += 1;
      const capabilities = [...new Set([pick(demandProfiles), pick(demandProfiles)].map((profile) => profile.capability))];
      const crisis: Crisis = {
        crisisId: `C${String(crisisCount).padStart(4, '0')}`,
        missionId: mission.missionId,
        kind: pick(['election', 'security', 'natural-disaster'] as const),
        scheduled: random() < 0.5,
        severity: pick([1, 2, 3, 4, 5] as const),
        window,
        requirements: capabilities.map((capability) => ({ capability, quantity: int(1, 3), priority: int(1, 10) })),
        version: 1,
      };
      raised += capabilities.length;
      emit('imc.crisis.declared', crisis.crisisId, crisis);
    } else {
      raised += 1;
      const demand: Demand = {
        demandId: `D${String(raised).padStart(5, '0')}`,
        missionId: mission.missionId,
        capability: pick(demandProfiles).capability,
        quantity: int(1, 3),
        window,
        priority: int(1, 10),
        version: 1,
      };
      emit('imc.demand.raised', demand.demandId, demand);
    }
  }
  // Planning "now" is the latest event time: one tick fixes it for every size.
  events.push({ ...events[events.length - 1], id: 'bench-clock', type: 'imc.clock.ticked', subject: 'clock', time: new Date(AS_OF).toISOString(), data: {} });
  return events;
}

/**
 * Pads a world's events to `total` with the traffic a compacted topic replays: newer versions of
 * the same units (same content), redeliveries (duplicate ids) and stale versions. The world that
 * results is the same as from `events` alone.
 */
/** The first demand raised among `events`: the one the benches change to make a re-plan. */
export function firstDemand(events: readonly CloudEvent[]): Demand {
  return events.filter((event) => event.type === 'imc.demand.raised').map((event) => event.data as Demand)[0];
}

export function padEvents(events: CloudEvent[], total: number, seed: number): CloudEvent[] {
  const random = prng(seed);
  const units = events.filter((event) => event.type === 'imc.unit.upserted');
  const padded = events.slice(0, -1);
  const versions = new Map<string, number>();
  while (padded.length < total - 1 && units.length > 0) {
    const base = units[Math.floor(random() * units.length)];
    const unit = base.data as Unit;
    const roll = random();
    if (roll < 0.1) {
      padded.push(padded[Math.floor(random() * padded.length)]);
    } else if (roll < 0.2) {
      padded.push({ ...base, id: `pad-${padded.length}`, data: { ...unit, version: 0 } });
    } else {
      const version = (versions.get(unit.unitId) ?? 1) + 1;
      versions.set(unit.unitId, version);
      padded.push({ ...base, id: `pad-${padded.length}`, data: { ...unit, version } });
    }
  }
  padded.push(events[events.length - 1]);
  return padded;
}
