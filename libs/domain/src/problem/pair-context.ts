import type { CapabilityPolicy, Mission, Policy } from '@imc/contracts';
import type { LoanConsents } from '../consent.rule';
import { coverage as coverageOf, returnBy as returnByOf } from '../coverage.rule';
import { arrivalAtMs, leadTime, transitDays } from '../lead-time.rule';
import type { OpenDemand } from '../world.state';
import type { SubjectConsents } from './consent-cache';
import type { CrisisWindow } from './crisis-windows';
import type { DonorContext, PairContext, Timing } from './eligibility';
import type { DonorPosture } from './posture';
import type { GroupInfo } from './unit-groups';

/**
 * One group offered to one demand, as the ordered pair checks read it. Reach is the first check
 * and needs only the distance, and most groups of a wide world fail it: so the consents are
 * looked up, and the loan dated, only when a check first asks.
 */
export class LazyPairContext implements PairContext {
  readonly policy: Policy;
  readonly asOf: string;
  readonly demand: OpenDemand;
  readonly recipient: Mission;
  readonly donor: Mission;
  readonly posture: DonorPosture;
  readonly groups: readonly GroupInfo[];
  readonly donorCrises: readonly CrisisWindow[];
  private subjectConsents: SubjectConsents | undefined;
  private dated: Timing | undefined;

  constructor(
    donor: DonorContext,
    readonly group: GroupInfo,
    readonly distanceKm: number,
    readonly capabilityPolicy: CapabilityPolicy | undefined,
    private readonly lookUpConsents: () => SubjectConsents,
    readonly rejectedUnit: string | undefined,
    readonly share: { limit: number; uniformed: number },
    readonly room: { personnel: number; aircraft: number },
  ) {
    // Fields spelled out rather than spread: one object shape for every pair, which V8 reads fast.
    this.policy = donor.policy;
    this.asOf = donor.asOf;
    this.demand = donor.demand;
    this.recipient = donor.recipient;
    this.donor = donor.donor;
    this.posture = donor.posture;
    this.groups = donor.groups;
    this.donorCrises = donor.donorCrises;
  }

  /** The subject's consents, resolved once per plan (ConsentCache) and looked up once per pair. */
  get subject(): SubjectConsents {
    return (this.subjectConsents ??= this.lookUpConsents());
  }

  get consents(): LoanConsents {
    return this.subject.resolved;
  }

  timing(): Timing {
    if (!this.dated) {
      const { list, validity } = this.subject;
      // Only asked once reach passed, so the capability has a policy.
      const lead = leadTime(this.group.noticeToMoveDays, list, transitDays(this.distanceKm, this.capabilityPolicy ?? { transitKmPerDay: Infinity }));
      // The arrival is dated in milliseconds and written once: each pair's is a time of its own.
      const arriveMs = arrivalAtMs(this.asOf, lead);
      const arriveBy = new Date(arriveMs).toISOString();
      const cover = coverageOf(arriveMs, this.demand.window, { maxLoanDays: this.policy.maxLoanDays, consentsValidUntil: validity?.until });
      const returnBy = returnByOf(arriveMs, this.demand.window, this.policy, validity?.until);
      this.dated = { lead, arriveBy, returnBy, coverage: cover, validUntil: validity?.until };
      if (validity) this.dated.coverageIfRenewed = coverageOf(arriveMs, this.demand.window, { maxLoanDays: this.policy.maxLoanDays });
    }
    return this.dated;
  }
}
