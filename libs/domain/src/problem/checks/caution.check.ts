import { cautionBlocks } from '../../caution.rule';
import type { Check, DonorContext } from '../eligibility';

/** Caution capabilities move only where the demand says it accepts them. */
export const caution: Check<DonorContext> = {
  name: 'caution',
  check: (c) =>
    cautionBlocks(c.demand.capability, c.policy.cautionCapabilities, c.demand.allowCaution)
      ? { reason: 'caution-capability', detail: `${c.demand.capability} is a caution capability and the demand does not allow it` }
      : undefined,
};
