import { floorWords } from '../../reserve-floor.rule';
import type { Check, DonorContext } from '../eligibility';

/**
 * A donor that holds the capability but has no unit available at home: the planner reads it as
 * a floor question (everything is away, busy or in maintenance), so it is said with the posture.
 */
export const noUnits: Check<DonorContext> = {
  name: 'no units',
  check: (c) =>
    c.groups.length === 0
      ? { reason: 'reserve-floor', detail: floorWords(c.posture, 0, c.posture.onLoanOut) }
      : undefined,
};
