import type { Check, PairContext, Verdict } from '../eligibility';

/**
 * Beyond the capability's reach a loan is not considered. The builder gathers these verdicts per
 * demand and lists only the nearest donors (see reportOutOfRange), so the detail here is the
 * single-donor wording.
 */
export const reach: Check<PairContext> = {
  name: 'reach',
  check: (c) => reachVerdict(c.distanceKm, c.capabilityPolicy, c.demand.capability),
};

/** The reach check on its figures alone: the builder asks it before building a pair's context. */
export function reachVerdict(distanceKm: number, capabilityPolicy: PairContext['capabilityPolicy'], capability: string): Verdict | undefined {
  if (withinReach(distanceKm, capabilityPolicy)) return undefined;
  const max = capabilityPolicy?.maxDistanceKm;
  const limit = max === undefined ? 'no reach set' : `reach ${max} km`;
  return { reason: 'out-of-range', detail: `distance ${Math.round(distanceKm)} km > ${limit} for ${capability}` };
}

/** Whether a group this far is within the capability's reach (no reach set: none is). */
export function withinReach(distanceKm: number, capabilityPolicy: PairContext['capabilityPolicy']): boolean {
  const max = capabilityPolicy?.maxDistanceKm;
  return max !== undefined && distanceKm <= max;
}
