import type { LoanRecord, OpenDemand } from '../world.state';

/** What of an open demand is still to cover: its quantity less the units of loans that count toward it. */
export type Remaining = (d: OpenDemand) => number;

/** A lapsed, recalled or returned loan covers nothing (the world's countingLoans leaves them out). */
export function remainingNeed(countingLoans: readonly LoanRecord[]): Remaining {
  const covered = new Map<string, number>();
  for (const l of countingLoans) covered.set(l.demandId, (covered.get(l.demandId) ?? 0) + l.unitIds.length);
  return (d) => Math.max(0, d.quantity - (covered.get(d.demandId) ?? 0));
}

/**
 * A mission's own open need per `${missionId}|${capability}`, which raises its floor for it, unless
 * the policy lets missions in crisis lend: then a mission in crisis lends above its policy floor,
 * even what its own crisis asks others for (the Jonglei 2012 transfer a planner may still make).
 */
export function ownDemandByDonor(openDemands: readonly OpenDemand[], remaining: Remaining, donorInCrisisLends: boolean, inCrisis: (missionId: string) => boolean): Map<string, number> {
  const own = new Map<string, number>();
  for (const d of openDemands) {
    if (donorInCrisisLends && inCrisis(d.missionId)) continue;
    const key = `${d.missionId}|${d.capability}`;
    own.set(key, (own.get(key) ?? 0) + remaining(d));
  }
  return own;
}
