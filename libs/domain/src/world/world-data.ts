import type { Crisis, Decision, Demand, Loan, Mission, Policy, Proposal, ProposedLoan, Unit } from '@imc/contracts';
import type { ConsentRecord } from '../consent.rule';
import { mergePolicy } from '../policy.defaults';

export type ApplyResult =
  /** `notes` says what part of the event was ignored, e.g. loans of a decision not in the proposal. */
  | { status: 'applied'; notes: string[] }
  | { status: 'duplicate' }
  | { status: 'stale'; reason: string }
  | { status: 'rejected'; reason: string };

/** A demand the world holds open, with its objective weight. */
export interface OpenDemand extends Demand {
  /** priority * severity of its crisis (1 without a crisis). */
  weight: number;
}

/** An approved loan, with what accounting needs beyond the contract's Loan. */
export interface LoanRecord extends Loan {
  contributor: string;
  /** Totals over the loan's units. */
  personnel: number;
  aircraft: number;
  coverage: number;
  returnedAt?: string;
  decisionId: string;
  /** What the consents need to know of the units, to check them again while the loan runs. */
  commercial: boolean;
  interMissionClause: boolean;
  /** Days the units take to travel home, from the proposal: a recall brings them back after these. */
  transitDays: number;
  /** When a consent behind the loan was refused, withdrawn or expired, and which. */
  lapsedAt?: string;
  lapsedBecause?: string;
  recalledAt?: string;
  recallReason?: string;
  /** recalledAt + transitDays: the units are lendable again from then. */
  homeAt?: string;
  /** The proposal the approving decision named, and who approved. */
  proposalId: string;
  reviewer: string;
  /**
   * (v3) The demand's window end when the loan was approved: its natural end (window end +
   * demobilization, within maxLoanDays) reads the demand's current window, else this one.
   */
  windowEnd?: string;
  /** (v3) The consents whose validUntil is the loan's returnBy: a renewal of them moves it later. */
  cappedBy?: string[];
  /** (v3) The last extension (imc.loan.extended): when, and the approver's reason. */
  extendedAt?: string;
  extensionReason?: string;
}

/** Who decided on a loan, on which proposal: what the API shows next to each proposed loan. */
export interface LoanReview {
  decision: 'approved' | 'rejected';
  decisionId: string;
  proposalId: string;
  reviewer: string;
}

/** A published proposal as the ledger keeps it: enough to resolve a decision that names it. */
export interface KnownProposal {
  proposalId: string;
  asOf: string;
  loans: ProposedLoan[];
}

export interface CrisisEntry {
  crisis: Readonly<Crisis>;
  resolved: boolean;
}

export interface DemandEntry {
  demand: Readonly<Demand>;
  withdrawn: boolean;
}

/**
 * Everything the world holds, as plain data so that a what-if can copy it whole.
 *
 * The rule the planning worker's sync (libs/workers/src/plan/world-sync.ts) relies on, kept
 * by the compiler: an entry of a map, the policy and the latest proposal are replaced by a new
 * object whenever they change, never edited in place (every entry is `Readonly`). So "changed
 * since" is "not the same object". The sets, the decision list and the stats are the stream's
 * bookkeeping and are edited in place.
 */
export interface WorldData {
  asOf?: string;
  seenEventIds: Set<string>;
  /** `${kind}:${id}` -> highest version applied. */
  versions: Map<string, number>;
  missions: Map<string, Readonly<Mission>>;
  units: Map<string, Readonly<Unit>>;
  consents: Map<string, Readonly<ConsentRecord>>;
  policy: Readonly<Policy>;
  crises: Map<string, Readonly<CrisisEntry>>;
  demands: Map<string, Readonly<DemandEntry>>;
  loans: Map<string, Readonly<LoanRecord>>;
  /** `${unitId}|${demandId}` pairings a planner rejected. */
  rejectedPairings: Set<string>;
  /** Loans a planner rejected (and that were never approved), with the review. */
  rejectedLoans: Map<string, Readonly<LoanReview>>;
  /** Decisions the ledger applied (refused ones are not here), in the order applied. */
  decisions: Readonly<Decision>[];
  latestProposal?: Readonly<Proposal>;
  /** Every proposal published, in publish order, by id: a decision resolves against the one it names. */
  proposals: Map<string, Readonly<KnownProposal>>;
  /** Loans whose status or existence changed since takeLoanUpdates last ran. */
  changedLoanIds: Set<string>;
  stats: { applied: number; duplicate: number; stale: number; rejected: number };
}

/** A field of the world, seen read-only: its maps, sets and lists cannot be changed through it. */
type ReadonlyField<T> =
  T extends Map<infer K, infer V> ? ReadonlyMap<K, V> : T extends Set<infer V> ? ReadonlySet<V> : T extends (infer V)[] ? readonly V[] : T extends object ? Readonly<T> : T;

/**
 * A world as plain structured-cloneable data (Maps, Sets, plain objects): what a worker thread
 * receives through postMessage to plan a copy of the world off the service's event loop. Read-only
 * all the way to the entries: whoever holds one cannot change the world it came from.
 */
export type WorldSnapshot = { readonly [K in keyof WorldData]: ReadonlyField<WorldData[K]> };

export function emptyData(): WorldData {
  return {
    seenEventIds: new Set(),
    versions: new Map(),
    missions: new Map(),
    units: new Map(),
    consents: new Map(),
    policy: mergePolicy({}),
    crises: new Map(),
    demands: new Map(),
    loans: new Map(),
    rejectedPairings: new Set(),
    rejectedLoans: new Map(),
    decisions: [],
    proposals: new Map(),
    changedLoanIds: new Set(),
    stats: { applied: 0, duplicate: 0, stale: 0, rejected: 0 },
  };
}

/** Orders by a string key, as the queries return their lists. */
export function byKey<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}
