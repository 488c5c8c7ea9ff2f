import { isUniformed } from '../../share-on-loan.rule';
import type { Check, PairContext } from '../eligibility';

/** One uniformed unit bigger than what the donor may still lend cannot go; smaller ones meet the share row. */
export const share: Check<PairContext> = {
  name: 'share',
  check: ({ group: g, share: s, donor, policy }) =>
    isUniformed(g) && g.personnel > s.limit
      ? {
          reason: 'share-on-loan',
          detail: `${g.personnel} personnel per unit > ${s.limit} ${donor.missionId} may still lend (${Math.round(policy.maxShareOnLoan * 100)}% of ${s.uniformed})`,
        }
      : undefined,
};
