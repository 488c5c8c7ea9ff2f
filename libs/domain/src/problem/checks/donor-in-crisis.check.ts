import { isoDay, toMs } from '../../time.util';
import { crisisDuring, crisisWords } from '../crisis-windows';
import type { Check, PairContext } from '../eligibility';

/**
 * A donor keeps what it has while in crisis, unless the policy says donors in crisis still lend.
 * In crisis for a loan means a crisis window overlapping the loan's span, arrival to return (v3).
 */
export const donorInCrisis: Check<PairContext> = {
  name: 'donor in crisis',
  check: (c) => {
    if (c.policy.donorInCrisisLends || c.donorCrises.length === 0) return undefined;
    const { arriveBy, returnBy } = c.timing();
    const crisis = crisisDuring(c.donorCrises, toMs(arriveBy), toMs(returnBy));
    if (!crisis) return undefined;
    return {
      reason: 'donor-in-crisis',
      detail: `${c.donor.missionId} is ${crisisWords(crisis)}, during the loan (${isoDay(arriveBy)} to ${isoDay(returnBy)}), and keeps its ${c.demand.capability} units`,
    };
  },
};
