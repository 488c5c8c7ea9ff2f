import { floorWords, lendableAboveFloor } from '../../reserve-floor.rule';
import type { Check, PairContext } from '../eligibility';

/** A donor with nothing above its reserve floor lends nothing; with some, the floor row limits how many. */
export const floor: Check<PairContext> = {
  name: 'floor',
  check: ({ posture: p }) => (lendableAboveFloor(p.available, p.floor, p.committed) <= 0 ? { reason: 'reserve-floor', detail: floorWords(p, 0) } : undefined),
};
