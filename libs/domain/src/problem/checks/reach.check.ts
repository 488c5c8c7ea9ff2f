import type { Check, PairContext } from '../eligibility';

/**
 * Beyond the capability's reach a loan is not considered. The builder gathers these verdicts per
 * demand and lists only the nearest donors (see reportOutOfRange), so the detail here is the
 * single-donor wording.
 */
export const reach: Check<PairContext> = {
  name: 'reach',
  check: (c) => {
    const max = c.capabilityPolicy?.maxDistanceKm;
    if (max !== undefined && c.distanceKm <= max) return undefined;
    const limit = max === undefined ? 'no reach set' : `reach ${max} km`;
    return { reason: 'out-of-range', detail: `distance ${Math.round(c.distanceKm)} km > ${limit} for ${c.demand.capability}` };
  },
};
