import type { Capability, Mission, Policy, Unit } from '@imc/contracts';
import type { CandidatePair, CapacityRow, DemandSlot, ReceivingRow } from '../planning-problem';
import { receivingLimit } from '../receiving-capacity.rule';
import { lendableAboveFloor } from '../reserve-floor.rule';
import { isUniformed, shareOnLoanLimit } from '../share-on-loan.rule';
import type { LoanRecord } from '../world.state';
import { cmp } from './compare';
import type { Postures } from './posture';
import { donorKey, GroupInfo } from './unit-groups';

/** What loans already approved take out of the share-on-loan and receiving budgets. */
export interface LoanAccounts {
  /** Uniformed personnel a mission has away on loan. */
  personnelOut: ReadonlyMap<string, number>;
  /** Personnel and aircraft a mission has already received. */
  receivedIn: ReadonlyMap<string, { personnel: number; aircraft: number }>;
  /** Personnel a donor may still lend under policy.maxShareOnLoan. */
  shareLimit(missionId: string): number;
  /** Room a recipient still has. */
  room(m: Mission): { personnel: number; aircraft: number };
}

export function computeLoanAccounts(outstanding: readonly LoanRecord[], unitOf: (id: string) => Unit | undefined, uniformed: ReadonlyMap<string, number>, policy: Policy): LoanAccounts {
  const personnelOut = new Map<string, number>();
  const receivedIn = new Map<string, { personnel: number; aircraft: number }>();
  for (const l of outstanding) {
    const lentUniformed = l.unitIds.map(unitOf).filter((u): u is Unit => u !== undefined && isUniformed(u));
    personnelOut.set(l.fromMission, (personnelOut.get(l.fromMission) ?? 0) + lentUniformed.reduce((n, u) => n + u.personnel, 0));
    const r = receivedIn.get(l.toMission) ?? { personnel: 0, aircraft: 0 };
    r.personnel += l.personnel;
    r.aircraft += l.aircraft;
    receivedIn.set(l.toMission, r);
  }
  return {
    personnelOut,
    receivedIn,
    shareLimit: (m) => shareOnLoanLimit(uniformed.get(m) ?? 0, personnelOut.get(m) ?? 0, policy.maxShareOnLoan),
    room: (m) => ({
      personnel: receivingLimit(m.receivingCapacity.personnel, receivedIn.get(m.missionId)?.personnel ?? 0),
      aircraft: receivingLimit(m.receivingCapacity.aircraft, receivedIn.get(m.missionId)?.aircraft ?? 0),
    }),
  };
}

/** One floor row per (donor, capability) whose groups have a pair: units lent <= available - floor. */
export function floorRows(groups: readonly GroupInfo[], pairs: readonly CandidatePair[], postures: Postures): CapacityRow[] {
  const paired = new Set(pairs.map((p) => p.groupId));
  const byMissionCap = new Map<string, GroupInfo[]>();
  for (const g of groups) {
    if (!paired.has(g.groupId)) continue;
    const key = donorKey(g.missionId, g.capability);
    byMissionCap.set(key, [...(byMissionCap.get(key) ?? []), g]);
  }
  return [...byMissionCap].sort(([a], [b]) => cmp(a, b)).map(([key, gs]) => {
    const [missionId, c] = key.split('|') as [string, Capability];
    const p = postures.of(missionId, c);
    return {
      rowId: `floor:${missionId}:${c}`,
      missionId,
      limit: lendableAboveFloor(p.available, p.floor, p.committed),
      coefficients: Object.fromEntries(gs.map((g) => [g.groupId, 1])),
      detail: p.committed > 0 ? `available ${p.available}, committed ${p.committed} at home, floor ${p.floor}` : `available ${p.available}, floor ${p.floor}`,
      reason: 'reserve-floor' as const,
    };
  });
}

/** One share row per donor lending uniformed personnel: personnel lent <= what the share still allows. */
export function shareRows(groups: readonly GroupInfo[], pairs: readonly CandidatePair[], postures: Postures, accounts: LoanAccounts, policy: Policy): CapacityRow[] {
  const paired = new Set(pairs.map((p) => p.groupId));
  const counted = groups.filter((g) => paired.has(g.groupId) && isUniformed(g) && g.personnel > 0);
  const donors = [...new Set(counted.map((g) => g.missionId))].sort();
  return donors.map((m) => ({
    rowId: `share:${m}`,
    missionId: m,
    limit: accounts.shareLimit(m),
    coefficients: Object.fromEntries(counted.filter((g) => g.missionId === m).map((g) => [g.groupId, g.personnel])),
    detail: `${Math.round(policy.maxShareOnLoan * 100)}% of ${postures.uniformed.get(m) ?? 0} uniformed personnel, ${accounts.personnelOut.get(m) ?? 0} already on loan`,
    reason: 'share-on-loan' as const,
  }));
}

/** Two receiving rows (personnel, aircraft) per recipient with a pair. */
export function receivingRows(demands: readonly DemandSlot[], pairs: readonly CandidatePair[], missions: ReadonlyMap<string, Mission>, accounts: LoanAccounts): ReceivingRow[] {
  const paired = new Set(pairs.map((p) => p.demandId));
  const recipients = [...new Set(demands.filter((d) => paired.has(d.demandId)).map((d) => d.missionId))].sort();
  const rows: ReceivingRow[] = [];
  for (const m of recipients) {
    const mission = missions.get(m);
    if (!mission) continue;
    const room = accounts.room(mission);
    const demandIds = demands.filter((d) => d.missionId === m && paired.has(d.demandId)).map((d) => d.demandId);
    for (const resource of ['personnel', 'aircraft'] as const) {
      const got = accounts.receivedIn.get(m)?.[resource] ?? 0;
      rows.push({
        rowId: `receiving:${m}:${resource}`,
        missionId: m,
        limit: room[resource],
        resource,
        demandIds,
        detail: `${m} can receive ${mission.receivingCapacity[resource]} ${resource}, ${got} already received`,
      });
    }
  }
  return rows;
}
