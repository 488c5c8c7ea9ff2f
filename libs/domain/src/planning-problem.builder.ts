import type { Capability, Mission, Proposal, Unit, UnmetReason } from '@imc/contracts';
import { cautionBlocks } from './caution.rule';
import { consentLabel, consentList, ConsentResolution, indexConsents, loanConsents } from './consent.rule';
import { coverage as coverageOf, returnBy as returnByOf } from './coverage.rule';
import { haversineKm } from './distance.rule';
import { arrivalAt, LeadTime, leadTime, transitDays } from './lead-time.rule';
import type {
  CandidatePair,
  CapacityRow,
  DemandSlot,
  Exclusion,
  PlanningProblem,
  ReceivingRow,
  UnitGroup,
} from './planning-problem';
import { receivingLimit } from './receiving-capacity.rule';
import { lendableAboveFloor, reserveFloor } from './reserve-floor.rule';
import { isUniformed, shareOnLoanLimit } from './share-on-loan.rule';
import { daysBetween, isoDay, round } from './time.util';
import type { OpenDemand, World } from './world.state';

export interface BuildOptions {
  /** `global` (the default) or a region: only demands of missions in that region are planned. */
  scope?: string;
  /** The proposal this plan replaces, for the change penalty. */
  previous?: Proposal;
}

/** Before any event, planning "now" is the epoch; nothing is open then anyway. */
const EPOCH = new Date(0).toISOString();

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Units that can be lent together interchangeably share every field that matters to a loan. */
function groupKey(u: Unit): string {
  const commercial = u.commercial ? (u.interMissionClause ? '/commercial+clause' : '/commercial') : '';
  return `${u.missionId}/${u.capability}/${u.contributor}/n${u.noticeToMoveDays}/p${u.personnel}/a${u.aircraft}/${u.status}${commercial}`;
}

interface GroupInfo extends UnitGroup {
  commercial: boolean;
  interMissionClause: boolean;
}

interface DonorPosture {
  held: number;
  available: number;
  onLoanOut: number;
  floor: number;
}

/** `contributor PAK consent pending 40 d`, `council UNSC authorization pending 12 d`, `notice to move 30 d`. */
function delayCause(lead: LeadTime, consents: readonly ConsentResolution[]): string {
  const transit = lead.transitDays > 0 ? ` + transit ${lead.transitDays} d` : '';
  if (lead.criticalPath === 'notice') return `notice to move ${lead.noticeDays} d${transit}`;
  const c = consents.find((r) => consentLabel(r) === lead.criticalPath);
  if (!c) return `${lead.criticalPath} pending${transit}`;
  const what = c.kind === 'council' ? 'authorization' : 'consent';
  return `${c.kind} ${c.party} ${what} pending ${Math.ceil(c.delayDays)} d${transit}`;
}

/** The first consent that rules a loan out, as an exclusion reason; undefined if none does. */
function consentExclusion(consents: ReturnType<typeof loanConsents>, group: GroupInfo, toMission: string): { reason: UnmetReason; detail: string } | undefined {
  if (group.commercial && !consents.clause) {
    return { reason: 'consent-missing', detail: `commercial ${group.capability} contract has no inter-mission clause` };
  }
  for (const c of consentList(consents)) {
    const who = `${c.kind} ${c.party}`;
    const ref = c.record ? ` (${c.record.consentId})` : '';
    switch (c.state) {
      case 'missing':
        return { reason: 'consent-missing', detail: `no ${who} consent on record for ${group.missionId} to ${toMission}` };
      case 'refused':
        return { reason: 'consent-refused', detail: `${who} refused${ref}` };
      case 'withdrawn':
        return { reason: 'consent-refused', detail: `${who} withdrew consent${ref}` };
      case 'expired':
        return { reason: 'consent-expired', detail: `${who} consent expired ${isoDay(c.record?.validUntil ?? EPOCH)}${ref}` };
      default:
        break;
    }
  }
  return undefined;
}

/** Donors out of reach listed one by one; the rest of them are summed up in one line. */
export const OUT_OF_RANGE_LISTED = 3;

/**
 * Out-of-range donors, nearest first. In a world of many missions most donors are far from any
 * one demand; listing each would bury the explanations that matter (and make a proposal too big
 * for a Kafka message), so beyond the nearest few they are counted under missionId `*`.
 */
function reportOutOfRange(
  demandId: string,
  capability: Capability,
  reachKm: number | undefined,
  far: { donorId: string; distanceKm: number }[],
  emit: (missionId: string, detail: string) => void,
): void {
  const reach = reachKm === undefined ? 'no reach set' : `reach ${reachKm} km`;
  far.sort((a, b) => a.distanceKm - b.distanceKm || cmp(a.donorId, b.donorId));
  for (const f of far.slice(0, OUT_OF_RANGE_LISTED)) emit(f.donorId, `distance ${Math.round(f.distanceKm)} km > ${reach} for ${capability}`);
  const rest = far.slice(OUT_OF_RANGE_LISTED);
  if (rest.length > 0) {
    emit('*', `${rest.length} more missions holding ${capability} are further away, from ${Math.round(rest[0].distanceKm)} km (${reach})`);
  }
}

/**
 * Turns a world into the optimizer's problem: fungible unit groups, the demands still to cover,
 * every feasible (group, demand) pair with its loan already dated and costed, the capacity rows,
 * and for every pair that cannot exist the reason, in words with numbers and dates.
 *
 * A pair is checked in a fixed order and the first failing rule is its reason: donor in crisis,
 * no unit available at all (reserve-floor), caution capability, reach, consents, planner
 * rejection, timeliness, reserve floor, share on loan, receiving capacity. Exclusions are per (demand, donor mission, reason, detail): a donor
 * whose groups fail differently appears once per distinct reason. A demand whose capability no
 * other mission holds gets one `no-units` exclusion with missionId `*`; beyond the nearest
 * OUT_OF_RANGE_LISTED donors out of reach, the others are counted in one `*` exclusion.
 */
export function buildPlanningProblem(world: World, opts: BuildOptions = {}): PlanningProblem {
  const scope = opts.scope ?? 'global';
  const asOf = world.asOf ?? EPOCH;
  const policy = world.policy;
  const missions = new Map<string, Mission>(world.missions().map((m) => [m.missionId, m]));
  const units = world.units();
  const onLoan = world.unitsOnLoan();
  const outstanding = world.outstandingLoans();
  const consents = indexConsents(world.consents());
  const openDemands = world.openDemands();

  // What approved loans already cover, per demand.
  const coveredByLoans = new Map<string, number>();
  for (const l of outstanding) coveredByLoans.set(l.demandId, (coveredByLoans.get(l.demandId) ?? 0) + l.unitIds.length);
  const remaining = (d: OpenDemand) => Math.max(0, d.quantity - (coveredByLoans.get(d.demandId) ?? 0));

  // A mission's own open need for a capability raises its floor for it.
  const ownDemand = new Map<string, number>();
  for (const d of openDemands) {
    const key = `${d.missionId}|${d.capability}`;
    ownDemand.set(key, (ownDemand.get(key) ?? 0) + remaining(d));
  }

  // Posture per (mission, capability).
  const posture = new Map<string, DonorPosture>();
  const postureOf = (missionId: string, c: Capability): DonorPosture => {
    const key = `${missionId}|${c}`;
    let p = posture.get(key);
    if (!p) {
      p = { held: 0, available: 0, onLoanOut: 0, floor: 0 };
      posture.set(key, p);
    }
    return p;
  };
  const uniformed = new Map<string, number>();
  for (const u of units) {
    const p = postureOf(u.missionId, u.capability);
    p.held++;
    if (onLoan.has(u.unitId)) p.onLoanOut++;
    else if (u.status === 'available') p.available++;
    if (isUniformed(u)) uniformed.set(u.missionId, (uniformed.get(u.missionId) ?? 0) + u.personnel);
  }
  for (const [key, p] of posture) {
    const [missionId, c] = key.split('|') as [string, Capability];
    p.floor = reserveFloor(policy.reserveFloors, missionId, c, p.held, ownDemand.get(key) ?? 0);
  }

  // Groups of lendable units: available, at home, of a known mission.
  const groupMap = new Map<string, GroupInfo>();
  for (const u of units) {
    if (u.status !== 'available' || onLoan.has(u.unitId) || !missions.has(u.missionId)) continue;
    const groupId = groupKey(u);
    const g = groupMap.get(groupId);
    if (g) g.unitIds.push(u.unitId);
    else
      groupMap.set(groupId, {
        groupId,
        missionId: u.missionId,
        capability: u.capability,
        contributor: u.contributor,
        noticeToMoveDays: u.noticeToMoveDays,
        personnel: u.personnel,
        aircraft: u.aircraft,
        unitIds: [u.unitId],
        commercial: u.commercial,
        interMissionClause: u.interMissionClause,
      });
  }
  const groups = [...groupMap.values()].sort((a, b) => cmp(a.groupId, b.groupId));
  const groupsOf = new Map<string, GroupInfo[]>();
  for (const g of groups) {
    g.unitIds.sort();
    const key = `${g.missionId}|${g.capability}`;
    const list = groupsOf.get(key);
    if (list) list.push(g);
    else groupsOf.set(key, [g]);
  }

  // Missions holding each capability at all, sorted: the candidate donors of a demand for it.
  const holdersOf = new Map<Capability, string[]>();
  for (const [key, p] of [...posture.entries()].sort(([a], [b]) => cmp(a, b))) {
    if (p.held === 0) continue;
    const [missionId, c] = key.split('|') as [string, Capability];
    const list = holdersOf.get(c);
    if (list) list.push(missionId);
    else holdersOf.set(c, [missionId]);
  }

  // Effective status is a scan over crises; ask once per mission.
  const crisisOf = new Map<string, boolean>();
  const inCrisis = (m: string): boolean => {
    let v = crisisOf.get(m);
    if (v === undefined) {
      v = world.inCrisis(m);
      crisisOf.set(m, v);
    }
    return v;
  };

  // Personnel already away (share) and already received (receiving capacity).
  const personnelOut = new Map<string, number>();
  const receivedIn = new Map<string, { personnel: number; aircraft: number }>();
  for (const l of outstanding) {
    const lentUniformed = l.unitIds.map((id) => world.unit(id)).filter((u): u is Unit => u !== undefined && isUniformed(u));
    personnelOut.set(l.fromMission, (personnelOut.get(l.fromMission) ?? 0) + lentUniformed.reduce((n, u) => n + u.personnel, 0));
    const r = receivedIn.get(l.toMission) ?? { personnel: 0, aircraft: 0 };
    r.personnel += l.personnel;
    r.aircraft += l.aircraft;
    receivedIn.set(l.toMission, r);
  }
  const shareLimit = (m: string) => shareOnLoanLimit(uniformed.get(m) ?? 0, personnelOut.get(m) ?? 0, policy.maxShareOnLoan);
  const receiving = (m: Mission) => ({
    personnel: receivingLimit(m.receivingCapacity.personnel, receivedIn.get(m.missionId)?.personnel ?? 0),
    aircraft: receivingLimit(m.receivingCapacity.aircraft, receivedIn.get(m.missionId)?.aircraft ?? 0),
  });

  // Consents depend on the group and the recipient, not on the demand: resolve each once.
  const consentCache = new Map<string, ReturnType<typeof loanConsents>>();
  const consentsFor = (g: GroupInfo, toMission: string, hostState: string) => {
    const key = `${g.groupId}|${toMission}`;
    let c = consentCache.get(key);
    if (!c) {
      c = loanConsents(
        consents,
        {
          fromMission: g.missionId,
          toMission,
          capability: g.capability,
          contributor: g.contributor,
          commercial: g.commercial,
          interMissionClause: g.interMissionClause,
          hostState,
        },
        asOf,
      );
      consentCache.set(key, c);
    }
    return c;
  };

  const demands: DemandSlot[] = [];
  const pairs: CandidatePair[] = [];
  const exclusions: Exclusion[] = [];
  // Groups of one donor often fail a demand for the same reason; say it once per donor.
  const seenForDonor = new Set<string>();
  const exclude = (demandId: string, missionId: string, reason: UnmetReason, detail: string) => {
    const key = `${reason}|${detail}`;
    if (seenForDonor.has(key)) return;
    seenForDonor.add(key);
    exclusions.push({ demandId, missionId, reason, detail });
  };

  for (const d of openDemands) {
    const recipient = missions.get(d.missionId);
    if (scope !== 'global' && recipient?.region !== scope) continue;
    const quantity = remaining(d);
    if (quantity <= 0) continue;
    demands.push({ demandId: d.demandId, missionId: d.missionId, capability: d.capability, quantity, weight: d.weight, window: { ...d.window } });

    // Donor missions holding this capability at all.
    const holders = (holdersOf.get(d.capability) ?? []).filter((m) => m !== d.missionId);
    seenForDonor.clear();
    if (holders.length === 0) {
      exclude(d.demandId, '*', 'no-units', `no mission other than ${d.missionId} holds ${d.capability}`);
      continue;
    }
    if (!recipient) {
      exclude(d.demandId, '*', 'out-of-range', `recipient mission ${d.missionId} is unknown: no position to measure from`);
      continue;
    }
    const cap = policy.capabilities[d.capability];
    const recipientRoom = receiving(recipient);
    const outOfRange: { donorId: string; distanceKm: number }[] = [];

    for (const donorId of holders) {
      seenForDonor.clear();
      const donor = missions.get(donorId);
      const p = postureOf(donorId, d.capability);
      const donorGroups = groupsOf.get(`${donorId}|${d.capability}`) ?? [];
      if (!donor) {
        exclude(d.demandId, donorId, 'out-of-range', `donor mission ${donorId} is unknown: no position to measure from`);
        continue;
      }
      if (!policy.donorInCrisisLends && inCrisis(donorId)) {
        exclude(d.demandId, donorId, 'donor-in-crisis', `${donorId} is in crisis and keeps its ${d.capability} units`);
        continue;
      }
      if (donorGroups.length === 0) {
        exclude(d.demandId, donorId, 'reserve-floor', `available 0 of ${p.held} held (${p.onLoanOut} on loan out), floor ${p.floor}`);
        continue;
      }
      if (cautionBlocks(d.capability, policy.cautionCapabilities, d.allowCaution)) {
        exclude(d.demandId, donorId, 'caution-capability', `${d.capability} is a caution capability and the demand does not allow it`);
        continue;
      }
      const distanceKm = haversineKm(donor.hq, recipient.hq);
      if (!cap || distanceKm > cap.maxDistanceKm) {
        outOfRange.push({ donorId, distanceKm });
        continue;
      }
      for (const g of donorGroups) {
        const c = consentsFor(g, d.missionId, recipient.hostState);
        const refusal = consentExclusion(c, g, d.missionId);
        if (refusal) {
          exclude(d.demandId, donorId, refusal.reason, refusal.detail);
          continue;
        }
        // A rejection bans the pairing for every unit of the group it touched: the units are
        // interchangeable, so proposing their twins would ignore the planner.
        const rejected = g.unitIds.find((id) => world.isRejectedPairing(id, d.demandId));
        if (rejected) {
          exclude(d.demandId, donorId, 'rejected-by-planner', `a planner rejected ${g.contributor} ${d.capability} from ${donorId} (unit ${rejected}) for this demand`);
          continue;
        }
        const resolutions = consentList(c);
        const lead = leadTime(g.noticeToMoveDays, resolutions, transitDays(distanceKm, cap));
        const arriveBy = arrivalAt(asOf, lead);
        const f = coverageOf(arriveBy, d.window);
        if (f < policy.minCoverage) {
          const cause = delayCause(lead, resolutions);
          const detail =
            f <= 0
              ? `${cause}: arrival ${isoDay(arriveBy)} after window end ${isoDay(d.window.end)}`
              : `${cause}: arrival ${isoDay(arriveBy)} covers ${Math.round(f * 100)}% of window ${isoDay(d.window.start)}..${isoDay(d.window.end)}, min ${Math.round(policy.minCoverage * 100)}%`;
          exclude(d.demandId, donorId, 'too-late', detail);
          continue;
        }
        if (lendableAboveFloor(p.available, p.floor) <= 0) {
          exclude(d.demandId, donorId, 'reserve-floor', `available ${p.available}, floor ${p.floor}`);
          continue;
        }
        const share = shareLimit(donorId);
        if (isUniformed(g) && g.personnel > share) {
          exclude(d.demandId, donorId, 'share-on-loan', `${g.personnel} personnel per unit > ${share} ${donorId} may still lend (${Math.round(policy.maxShareOnLoan * 100)}% of ${uniformed.get(donorId) ?? 0})`);
          continue;
        }
        if (g.personnel > recipientRoom.personnel || g.aircraft > recipientRoom.aircraft) {
          const what = g.personnel > recipientRoom.personnel ? `${g.personnel} personnel > room for ${recipientRoom.personnel}` : `${g.aircraft} aircraft > room for ${recipientRoom.aircraft}`;
          exclude(d.demandId, donorId, 'receiving-capacity', `${d.missionId} cannot receive: ${what}`);
          continue;
        }

        const returnBy = returnByOf(arriveBy, d.window, policy);
        const loanDays = Math.max(0, daysBetween(arriveBy, returnBy));
        const km = Math.round(distanceKm);
        const transferPerUnit = round(cap.transferCostPerKm * km, 2);
        const sustainmentPerDayPerUnit = cap.sustainmentPerDay;
        const totalPerUnit = round(transferPerUnit + sustainmentPerDayPerUnit * loanDays, 2);
        const coverage = round(f, 4);
        pairs.push({
          groupId: g.groupId,
          demandId: d.demandId,
          coverage,
          costPerUnit: totalPerUnit,
          loanTemplate: {
            demandId: d.demandId,
            capability: d.capability,
            fromMission: donorId,
            toMission: d.missionId,
            contributor: g.contributor,
            distanceKm: km,
            leadTime: {
              noticeDays: lead.noticeDays,
              consentDays: round(lead.consentDays, 2),
              authorizationDays: round(lead.authorizationDays, 2),
              transitDays: lead.transitDays,
            },
            arriveBy,
            returnBy,
            coverage,
            cost: { transferPerUnit, sustainmentPerDayPerUnit, totalPerUnit },
            pending: lead.pending,
            criticalPath: lead.criticalPath,
          },
        });
      }
    }
    reportOutOfRange(d.demandId, d.capability, cap?.maxDistanceKm, outOfRange, (m, detail) => exclusions.push({ demandId: d.demandId, missionId: m, reason: 'out-of-range', detail }));
  }

  // Capacity rows, only where a pair can use them.
  const pairedGroups = new Set(pairs.map((p) => p.groupId));
  const floorRows: CapacityRow[] = [];
  const byMissionCap = new Map<string, GroupInfo[]>();
  for (const g of groups) {
    if (!pairedGroups.has(g.groupId)) continue;
    const key = `${g.missionId}|${g.capability}`;
    byMissionCap.set(key, [...(byMissionCap.get(key) ?? []), g]);
  }
  for (const [key, gs] of [...byMissionCap].sort(([a], [b]) => cmp(a, b))) {
    const [missionId, c] = key.split('|') as [string, Capability];
    const p = postureOf(missionId, c);
    floorRows.push({
      rowId: `floor:${missionId}:${c}`,
      missionId,
      limit: lendableAboveFloor(p.available, p.floor),
      coefficients: Object.fromEntries(gs.map((g) => [g.groupId, 1])),
      detail: `available ${p.available}, floor ${p.floor}`,
      reason: 'reserve-floor',
    });
  }

  const shareRows: CapacityRow[] = [];
  const donors = [...new Set(groups.filter((g) => pairedGroups.has(g.groupId) && isUniformed(g) && g.personnel > 0).map((g) => g.missionId))].sort();
  for (const m of donors) {
    const gs = groups.filter((g) => g.missionId === m && pairedGroups.has(g.groupId) && isUniformed(g) && g.personnel > 0);
    shareRows.push({
      rowId: `share:${m}`,
      missionId: m,
      limit: shareLimit(m),
      coefficients: Object.fromEntries(gs.map((g) => [g.groupId, g.personnel])),
      detail: `${Math.round(policy.maxShareOnLoan * 100)}% of ${uniformed.get(m) ?? 0} uniformed personnel, ${personnelOut.get(m) ?? 0} already on loan`,
      reason: 'share-on-loan',
    });
  }

  const receivingRows: ReceivingRow[] = [];
  const pairedDemands = new Set(pairs.map((p) => p.demandId));
  const recipients = [...new Set(demands.filter((d) => pairedDemands.has(d.demandId)).map((d) => d.missionId))].sort();
  for (const m of recipients) {
    const mission = missions.get(m);
    if (!mission) continue;
    const room = receiving(mission);
    const demandIds = demands.filter((d) => d.missionId === m && pairedDemands.has(d.demandId)).map((d) => d.demandId);
    for (const resource of ['personnel', 'aircraft'] as const) {
      const got = receivedIn.get(m)?.[resource] ?? 0;
      receivingRows.push({
        rowId: `receiving:${m}:${resource}`,
        missionId: m,
        limit: room[resource],
        resource,
        demandIds,
        detail: `${m} can receive ${mission.receivingCapacity[resource]} ${resource}, ${got} already received`,
      });
    }
  }

  // Units of the previous proposal, mapped onto today's groups.
  const previous: Record<string, number> = {};
  if (opts.previous) {
    const groupOfUnit = new Map<string, string>();
    for (const g of groups) for (const id of g.unitIds) groupOfUnit.set(id, g.groupId);
    for (const loan of opts.previous.loans) {
      for (const id of loan.unitIds) {
        const g = groupOfUnit.get(id);
        if (!g) continue;
        const key = `${g}|${loan.demandId}`;
        previous[key] = (previous[key] ?? 0) + 1;
      }
    }
  }

  pairs.sort((a, b) => cmp(a.demandId, b.demandId) || cmp(a.groupId, b.groupId));
  exclusions.sort((a, b) => cmp(a.demandId, b.demandId) || cmp(a.missionId, b.missionId) || cmp(a.reason, b.reason) || cmp(a.detail, b.detail));

  return {
    asOf,
    scope,
    groups: groups.map(({ commercial: _c, interMissionClause: _i, ...g }) => g),
    demands,
    pairs,
    floorRows,
    shareRows,
    receivingRows,
    exclusions,
    posture: [...posture.entries()]
      .map(([key, p]) => {
        const [missionId, capability] = key.split('|') as [string, Capability];
        return { missionId, capability, held: p.held, available: p.available, onLoanOut: p.onLoanOut, floor: p.floor };
      })
      .sort((a, b) => cmp(a.missionId, b.missionId) || cmp(a.capability, b.capability)),
    previous,
    weights: { ...policy.weights },
  };
}
