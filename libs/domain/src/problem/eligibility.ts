import type { CapabilityPolicy, Mission, Policy, UnmetReason } from '@imc/contracts';
import type { LoanConsents } from '../consent.rule';
import type { LeadTime } from '../lead-time.rule';
import type { OpenDemand } from '../world.state';
import type { CrisisWindow } from './crisis-windows';
import type { DonorPosture } from './posture';
import type { GroupInfo } from './unit-groups';

/** Why a pair cannot exist, in the words a planner reads. */
export interface Verdict {
  reason: UnmetReason;
  detail: string;
  /**
   * The consents the verdict turns on (`contributor:PAK`): the one refused, missing or expired, or
   * the pending one whose delay (or validUntil) makes the loan too late. Granting one of them now
   * is what could lift the verdict; the stress test's pre-clearance list reads it.
   */
  consents?: string[];
}

/** What the checks about a donor mission (before any of its groups) look at. */
export interface DonorContext {
  policy: Policy;
  asOf: string;
  demand: OpenDemand;
  recipient: Mission;
  donor: Mission;
  posture: DonorPosture;
  /** The donor's lendable groups of the demand's capability. */
  groups: readonly GroupInfo[];
  /** The donor's crisis windows (v3: in crisis for a loan when one overlaps the loan's span). */
  donorCrises: readonly CrisisWindow[];
}

/** When a group would arrive and what it would cover; known once its consents are. */
export interface Timing {
  lead: LeadTime;
  arriveBy: string;
  /** When the loan ends: the window's end plus demobilization, maxLoanDays or the consents' validity. */
  returnBy: string;
  /** 0..1 of the demand window, counting only the days the loan is there. */
  coverage: number;
  /** The earliest validUntil of the loan's consents, if any has one. */
  validUntil?: string;
  /** (v3) With a validUntil: the coverage if every consent ending inside the window is renewed. */
  coverageIfRenewed?: number;
}

/** What the checks about one group for one demand look at. */
export interface PairContext extends DonorContext {
  group: GroupInfo;
  distanceKm: number;
  /** The policy's figures for the capability; undefined means the policy does not move it at all. */
  capabilityPolicy: CapabilityPolicy | undefined;
  consents: LoanConsents;
  /** A unit of the group a planner rejected for this demand, if any. */
  rejectedUnit: string | undefined;
  /** Personnel the donor may still lend, of its uniformed total. */
  share: { limit: number; uniformed: number };
  /** What the recipient can still receive. */
  room: { personnel: number; aircraft: number };
  /** Computed on first use: only pairs that passed the checks before timeliness need it. */
  timing(): Timing;
}

export interface Check<C> {
  /** The check's name, as the order below lists it. */
  name: string;
  /** undefined: the pair passes; a verdict: the first reason it cannot exist. */
  check(c: C): Verdict | undefined;
}
