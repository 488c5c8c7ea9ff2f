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
  const max = capabilityPolicy?.maxDistanceKm;
  if (max !== undefined && distanceKm <= max) return undefined;
  const limit = max === undefined ? 'no reach set' : `reach ${max} km`;
  return { reason: 'out-of-range', detail: `distance ${Math.round(distanceKm)} km > ${limit} for ${capability}` };
}
