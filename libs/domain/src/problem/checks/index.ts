import type { Check, DonorContext, PairContext } from '../eligibility';
import { caution } from './caution.check';
import { consents } from './consents.check';
import { donorInCrisis } from './donor-in-crisis.check';
import { floor } from './floor.check';
import { noUnits } from './no-units.check';
import { plannerRejection } from './planner-rejection.check';
import { reach } from './reach.check';
import { receiving } from './receiving.check';
import { share } from './share.check';
import { timeliness } from './timeliness.check';

/**
 * The order is the explanation: the first failing check is the reason a planner reads. Donor
 * checks run once per donor mission; pair checks once per group of it. Hard facts (crisis, nothing
 * at home, caution, distance, consents, a planner's no) come before what a different date or a
 * different amount could change (timeliness, floor, share, receiving room).
 */
export const DONOR_CHECKS: readonly Check<DonorContext>[] = [noUnits, caution];
export const PAIR_CHECKS: readonly Check<PairContext>[] = [reach, consents, plannerRejection, donorInCrisis, timeliness, floor, share, receiving];

/** The first verdict of an ordered list of checks. */
export function firstFailure<C>(checks: readonly Check<C>[], c: C) {
  for (const k of checks) {
    const v = k.check(c);
    if (v) return v;
  }
  return undefined;
}
