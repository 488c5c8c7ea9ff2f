import type { Check, PairContext } from '../eligibility';

/**
 * A rejection bans the pairing for every unit of the group it touched: the units are
 * interchangeable, so proposing their twins would ignore the planner.
 */
export const plannerRejection: Check<PairContext> = {
  name: 'planner rejection',
  check: (c) =>
    c.rejectedUnit !== undefined
      ? { reason: 'rejected-by-planner', detail: `a planner rejected ${c.group.contributor} ${c.demand.capability} from ${c.donor.missionId} (unit ${c.rejectedUnit}) for this demand` }
      : undefined,
};
