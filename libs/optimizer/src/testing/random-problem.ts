import type { Capability } from '@imc/contracts';
import type {
  CandidatePair,
  CapacityRow,
  DemandSlot,
  PlanningProblem,
  ReceivingRow,
  UnitGroup,
} from '@imc/domain/planning-problem';
import { seededRng } from '@imc/domain/stress/rng';

/**
 * The repository's one seeded generator (mulberry32, libs/domain/src/stress/rng.ts), under the name
 * the property specs and the bench worlds use: the same seed always gives the same problem.
 */
export const prng: (seed: number) => () => number = seededRng;

export interface RandomProblemShape {
  missions: number;
  demands: number;
  /** Missions per region; pairs only form within a region (cargo aircraft reach across). */
  regionSize: number;
  /** Tight floors, shares and receiving limits (fractional relaxations) vs generous ones. */
  binding: boolean;
  /** Chance that an eligible group–demand pair exists (the rest is "out of reach" etc.). */
  pairChance?: number;
  /** Chance that a pair carries units in the previous proposal. */
  previousChance?: number;
  /**
   * (v3) Chance that a pair whose lender has its own demand for the capability overlapping the
   * loan carries it as lenderNeed (the moved gap). Drawn from a stream of its own, so problems of
   * the same seed without it are unchanged. Default 0.
   */
  lenderNeedChance?: number;
}

interface CapabilityProfile {
  capability: Capability;
  personnel: number;
  aircraft: number;
  transferPerKm: number;
  sustainmentPerDay: number;
}

const PROFILES: CapabilityProfile[] = [
  { capability: 'infantry-company', personnel: 150, aircraft: 0, transferPerKm: 40, sustainmentPerDay: 900 },
  { capability: 'formed-police-unit', personnel: 140, aircraft: 0, transferPerKm: 35, sustainmentPerDay: 800 },
  { capability: 'military-observer-team', personnel: 12, aircraft: 0, transferPerKm: 5, sustainmentPerDay: 120 },
  { capability: 'utility-helicopter', personnel: 22, aircraft: 1, transferPerKm: 60, sustainmentPerDay: 2500 },
  { capability: 'cargo-aircraft', personnel: 9, aircraft: 1, transferPerKm: 30, sustainmentPerDay: 3000 },
];

const DAY = 86_400_000;
const AS_OF = Date.parse('2012-01-01T00:00:00Z');

/**
 * A random PlanningProblem built directly (no domain): for property tests and benchmarks. The
 * numbers are plausible, not real; what matters is the structure: regional reach, per-mission
 * floors and shares, personnel- and aircraft-weighted receiving rows.
 */
export function randomProblem(seed: number, shape: RandomProblemShape): PlanningProblem {
  const random = prng(seed);
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const pairChance = shape.pairChance ?? 0.7;
  const lenderNeedChance = shape.lenderNeedChance ?? 0;
  const lenderRandom = prng(seed * 7919 + 17);
  const previousChance = shape.previousChance ?? 0.1;

  const missions = Array.from({ length: shape.missions }, (_, at) => ({
    missionId: `M${String(at + 1).padStart(3, '0')}`,
    region: Math.floor(at / shape.regionSize),
    x: random() * 3000,
    y: random() * 3000,
  }));
  const profiles = PROFILES.slice(0, 3 + int(0, 2));

  const groups: UnitGroup[] = [];
  for (const mission of missions) {
    for (const profile of profiles) {
      if (random() < 0.35) continue;
      const groupCount = int(1, 2);
      for (let g = 0; g < groupCount; g += 1) {
        const count = int(1, 4);
        const groupId = `${mission.missionId}/${profile.capability}/${g}`;
        groups.push({
          groupId,
          missionId: mission.missionId,
          capability: profile.capability,
          contributor: pick(['BGD', 'PAK', 'IND', 'NPL', 'RWA']),
          noticeToMoveDays: int(3, 30),
          personnel: profile.personnel + int(-10, 10) * (profile.personnel > 100 ? 1 : 0),
          aircraft: profile.aircraft,
          unitIds: Array.from({ length: count }, (_, u) => `${groupId}#${u + 1}`),
        });
      }
    }
  }

  const demands: DemandSlot[] = Array.from({ length: shape.demands }, (_, at) => {
    const mission = pick(missions);
    const profile = pick(profiles);
    const start = AS_OF + int(5, 60) * DAY;
    return {
      demandId: `D${String(at + 1).padStart(4, '0')}`,
      missionId: mission.missionId,
      capability: profile.capability,
      quantity: int(1, 4),
      weight: int(1, 10) * int(1, 5),
      window: { start: iso(start), end: iso(start + int(30, 120) * DAY) },
    };
  }).sort((a, b) => (a.demandId < b.demandId ? -1 : 1));

  const missionById = new Map(missions.map((mission) => [mission.missionId, mission]));
  const profileOf = new Map(PROFILES.map((profile) => [profile.capability, profile]));
  const pairs: CandidatePair[] = [];
  const previous: Record<string, number> = {};
  for (const group of groups) {
    for (const demand of demands) {
      if (group.capability !== demand.capability || group.missionId === demand.missionId) continue;
      const from = missionById.get(group.missionId);
      const to = missionById.get(demand.missionId);
      if (!from || !to) continue;
      const farReach = group.capability === 'cargo-aircraft';
      if (from.region !== to.region && !(farReach && random() < 0.05)) continue;
      if (random() > pairChance) continue;
      const profile = profileOf.get(group.capability) as CapabilityProfile;
      const distanceKm = Math.round(Math.hypot(from.x - to.x, from.y - to.y));
      const coverage = random() < 0.5 ? 1 : Math.round((0.25 + 0.75 * random()) * 1000) / 1000;
      const loanDays = int(30, 180);
      const transferPerUnit = profile.transferPerKm * distanceKm;
      const sustainmentPerDayPerUnit = profile.sustainmentPerDay;
      const totalPerUnit = transferPerUnit + sustainmentPerDayPerUnit * loanDays;
      const transitDays = Math.ceil(distanceKm / 500);
      const arrive = AS_OF + (group.noticeToMoveDays + transitDays) * DAY;
      const back = arrive + loanDays * DAY;
      const lenderNeed =
        lenderNeedChance > 0
          ? demands
              .filter((own) => own.missionId === group.missionId && own.capability === group.capability)
              .map((own) => {
                const start = Date.parse(own.window.start);
                const end = Date.parse(own.window.end);
                const overlap = Math.round(((Math.min(back, end) - Math.max(arrive, start)) / (end - start)) * 1e4) / 1e4;
                return { demandId: own.demandId, weight: own.weight, overlap };
              })
              .filter((n) => n.overlap > 0 && lenderRandom() < lenderNeedChance)
          : [];
      pairs.push({
        groupId: group.groupId,
        demandId: demand.demandId,
        coverage,
        costPerUnit: totalPerUnit,
        ...(lenderNeed.length > 0 ? { lenderNeed } : {}),
        loanTemplate: {
          demandId: demand.demandId,
          capability: demand.capability,
          fromMission: group.missionId,
          toMission: demand.missionId,
          contributor: group.contributor,
          distanceKm,
          leadTime: { noticeDays: group.noticeToMoveDays, consentDays: 0, authorizationDays: 0, transitDays },
          arriveBy: iso(arrive),
          returnBy: iso(back),
          coverage,
          pending: [],
          criticalPath: 'notice',
          consents: [],
          cost: { transferPerUnit, sustainmentPerDayPerUnit, totalPerUnit },
        },
      });
      if (random() < previousChance) previous[`${group.groupId}|${demand.demandId}`] = int(1, 2);
    }
  }

  const floorRows: CapacityRow[] = [];
  const shareRows: CapacityRow[] = [];
  const posture: PlanningProblem['posture'] = [];
  for (const mission of missions) {
    const own = groups.filter((group) => group.missionId === mission.missionId);
    for (const profile of profiles) {
      const mine = own.filter((group) => group.capability === profile.capability);
      if (mine.length === 0) continue;
      const available = mine.reduce((sum, group) => sum + group.unitIds.length, 0);
      const held = available + int(0, 3);
      const floor = shape.binding ? int(1, held) : int(0, 1);
      posture.push({ missionId: mission.missionId, capability: profile.capability, held, available, onLoanOut: 0, floor });
      floorRows.push({
        rowId: `floor:${mission.missionId}:${profile.capability}`,
        missionId: mission.missionId,
        limit: available - floor,
        coefficients: Object.fromEntries(mine.map((group) => [group.groupId, 1])),
        detail: `available ${available}, floor ${floor}`,
        reason: 'reserve-floor',
      });
    }
    if (own.length === 0) continue;
    const strength = own.reduce((sum, group) => sum + group.personnel * group.unitIds.length, 0) + int(200, 2000);
    const limit = Math.floor((shape.binding ? 0.08 + 0.1 * random() : 0.6) * strength);
    shareRows.push({
      rowId: `share:${mission.missionId}`,
      missionId: mission.missionId,
      limit,
      coefficients: Object.fromEntries(own.map((group) => [group.groupId, group.personnel])),
      detail: `limit ${limit} of ${strength} personnel`,
      reason: 'share-on-loan',
    });
  }

  const receivingRows: ReceivingRow[] = [];
  for (const mission of missions) {
    const incoming = demands.filter((demand) => demand.missionId === mission.missionId);
    if (incoming.length === 0) continue;
    const demandIds = incoming.map((demand) => demand.demandId);
    const wanted = incoming.reduce((sum, demand) => sum + demand.quantity * (profileOf.get(demand.capability)?.personnel ?? 0), 0);
    const personnel = shape.binding ? Math.floor(wanted * (0.3 + 0.5 * random())) : wanted * 3 + 1000;
    receivingRows.push({
      rowId: `receiving:${mission.missionId}:personnel`,
      missionId: mission.missionId,
      limit: personnel,
      resource: 'personnel',
      demandIds,
      detail: `capacity ${personnel} personnel`,
    });
    const aircraft = shape.binding ? int(0, 3) : 50;
    receivingRows.push({
      rowId: `receiving:${mission.missionId}:aircraft`,
      missionId: mission.missionId,
      limit: aircraft,
      resource: 'aircraft',
      demandIds,
      detail: `capacity ${aircraft} aircraft`,
    });
  }

  return {
    asOf: iso(AS_OF),
    scope: 'global',
    groups,
    demands,
    pairs,
    floorRows,
    shareRows,
    receivingRows,
    exclusions: [],
    posture,
    previous,
    weights: { shortfall: 1_000_000, cost: 1, change: 10_000 },
    recalls: [],
    renewalsDue: [],
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
