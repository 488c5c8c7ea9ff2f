import type { Check, DonorContext } from '../eligibility';

/** A mission in crisis keeps what it has, unless the policy says donors in crisis still lend. */
export const donorInCrisis: Check<DonorContext> = {
  name: 'donor in crisis',
  check: (c) =>
    !c.policy.donorInCrisisLends && c.donorInCrisis
      ? { reason: 'donor-in-crisis', detail: `${c.donor.missionId} is in crisis and keeps its ${c.demand.capability} units` }
      : undefined,
};
