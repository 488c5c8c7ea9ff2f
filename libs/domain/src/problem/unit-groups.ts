import type { Capability, Mission, Place, Unit } from '@imc/contracts';
import type { UnitGroup } from '../planning-problem';
import { cmp } from './compare';

/** A group as the builder uses it: the contract's fields plus what consents need to know. */
export interface GroupInfo extends UnitGroup {
  commercial: boolean;
  interMissionClause: boolean;
  /** The units' base; undefined: their mission's hq. */
  location?: Place;
}

/**
 * Units that can be lent together interchangeably share every field that matters to a loan,
 * their base included: two companies of one mission 700 km apart are not the same offer.
 */
export function groupKey(u: Unit): string {
  const commercial = u.commercial ? (u.interMissionClause ? '/commercial+clause' : '/commercial') : '';
  const base = u.location ? `@${u.location.lat},${u.location.lon}` : '';
  return `${u.missionId}/${u.capability}/${u.contributor}/n${u.noticeToMoveDays}/p${u.personnel}/a${u.aircraft}/${u.status}${commercial}${base}`;
}

export interface UnitGroups {
  /** Sorted by groupId, each group's unitIds sorted. */
  groups: GroupInfo[];
  /** Per `${missionId}|${capability}`, in groupId order. */
  byDonor: ReadonlyMap<string, GroupInfo[]>;
}

/** Groups of lendable units: available, at home, of a known mission. */
export function buildUnitGroups(units: readonly Unit[], onLoan: ReadonlySet<string>, missions: ReadonlyMap<string, Mission>): UnitGroups {
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
        ...(u.location ? { location: { ...u.location } } : {}),
      });
  }
  const groups = [...groupMap.values()].sort((a, b) => cmp(a.groupId, b.groupId));
  const byDonor = new Map<string, GroupInfo[]>();
  for (const g of groups) {
    g.unitIds.sort();
    const key = donorKey(g.missionId, g.capability);
    const list = byDonor.get(key);
    if (list) list.push(g);
    else byDonor.set(key, [g]);
  }
  return { groups, byDonor };
}

export function donorKey(missionId: string, capability: Capability): string {
  return `${missionId}|${capability}`;
}
