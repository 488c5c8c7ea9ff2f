import { lendableAboveFloor } from '../../reserve-floor.rule';
import type { Check, PairContext } from '../eligibility';

/** A donor with nothing above its reserve floor lends nothing; with some, the floor row limits how many. */
export const floor: Check<PairContext> = {
  name: 'floor',
  check: ({ posture: p }) =>
    lendableAboveFloor(p.available, p.floor) <= 0 ? { reason: 'reserve-floor', detail: `held ${p.held}, available ${p.available}, already proposed 0, floor ${p.floor}` } : undefined,
};
