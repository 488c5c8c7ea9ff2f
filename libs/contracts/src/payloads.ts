/**
 * Event payloads of the contract (CONTRACT.md section 3), as plain types.
 * Validation classes for the inputs live in ./events.
 */
export const CAPABILITIES = [
  'infantry-company',
  'formed-police-unit',
  'military-observer-team',
  'utility-helicopter',
  'attack-helicopter',
  'cargo-aircraft',
  'engineering-unit',
  'heavy-engineering-equipment',
  'field-hospital',
  'special-forces',
  'civilian-team',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const MISSION_STATUSES = ['normal', 'crisis', 'start-up', 'drawdown'] as const;
export type MissionStatus = (typeof MISSION_STATUSES)[number];

export interface Mission {
  missionId: string;
  name: string;
  hostState: string;
  region: string;
  hq: { lat: number; lon: number };
  status: MissionStatus;
  receivingCapacity: { personnel: number; aircraft: number };
  /**
   * (v3) Uniformed personnel deployed (troops and police), the base of the share-on-loan limit;
   * default: the sum of its units' personnel on file.
   */
  uniformedStrength?: number;
  version: number;
}

/** A point on the map: a unit's base, a crisis site. */
export interface Place {
  name?: string;
  lat: number;
  lon: number;
}

export const UNIT_STATUSES = ['available', 'committed', 'maintenance'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export interface Unit {
  unitId: string;
  missionId: string;
  capability: Capability;
  personnel: number;
  aircraft: number;
  /** ISO3 of the contributing country, COMMERCIAL for contracted assets, or UN for UN-owned ones. */
  contributor: string;
  /** Where the unit is based; default its mission's hq. */
  location?: Place;
  commercial: boolean;
  interMissionClause: boolean;
  noticeToMoveDays: number;
  status: UnitStatus;
  version: number;
}

export interface UnitRemoved {
  unitId: string;
  version: number;
}

export const CONSENT_KINDS = ['contributor', 'host-state', 'council'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];
export const CONSENT_STATUSES = ['granted', 'pending', 'refused', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export interface Consent {
  consentId: string;
  kind: ConsentKind;
  party: string;
  fromMission: string;
  toMission: string;
  capabilities: (Capability | '*')[];
  status: ConsentStatus;
  expectedInDays?: number;
  validUntil?: string;
  reference?: string;
  /**
   * (v3) Host-state or council records only: the record applies only to units of these
   * contributors (a host state objecting to one contributor), and is then more specific than one
   * without.
   */
  contributors?: string[];
  version: number;
}

export interface ReserveFloorRule {
  missionId: string;
  capability: Capability | '*';
  minFraction: number;
  minCount: number;
}

export interface CapabilityPolicy {
  maxDistanceKm: number;
  transitKmPerDay: number;
  transferCostPerKm: number;
  sustainmentPerDay: number;
}

export interface Policy {
  policyId: 'default';
  version: number;
  reserveFloors: ReserveFloorRule[];
  donorInCrisisLends: boolean;
  maxShareOnLoan: number;
  maxLoanDays: number;
  demobilizationDays: number;
  minCoverage: number;
  /** Planning delay of a pending consent past its expected date. */
  overdueConsentDays: number;
  /** (v3) Days before a consent's validUntil would end an approved loan early that it is listed under renewalsDue. */
  renewalNoticeDays: number;
  cautionCapabilities: Capability[];
  capabilities: { [c in Capability]?: CapabilityPolicy };
  weights: { shortfall: number; cost: number; change: number };
}

export const CRISIS_KINDS = ['election', 'referendum', 'census', 'security', 'natural-disaster', 'start-up'] as const;
export type CrisisKind = (typeof CRISIS_KINDS)[number];

export interface TimeWindow {
  start: string;
  end: string;
}

export interface Requirement {
  capability: Capability;
  quantity: number;
  priority: number;
}

export interface Crisis {
  crisisId: string;
  missionId: string;
  kind: CrisisKind;
  scheduled: boolean;
  severity: 1 | 2 | 3 | 4 | 5;
  window: TimeWindow;
  requirements: Requirement[];
  /** Where help is needed (e.g. Goma); default the mission's hq. */
  site?: Place;
  version: number;
}

export interface Demand {
  demandId: string;
  missionId: string;
  crisisId?: string;
  capability: Capability;
  quantity: number;
  window: TimeWindow;
  priority: number;
  allowCaution?: boolean;
  /** Default its crisis's site, else the mission's hq. */
  site?: Place;
  version: number;
}

export const UNMET_REASONS = [
  'out-of-range',
  'consent-refused',
  'consent-missing',
  'consent-expired',
  'too-late',
  'reserve-floor',
  'donor-in-crisis',
  'receiving-capacity',
  'share-on-loan',
  'caution-capability',
  'rejected-by-planner',
  'used-elsewhere',
  'no-units',
] as const;
export type UnmetReason = (typeof UNMET_REASONS)[number];

export type SolverStatus = 'optimal' | 'time-limit' | 'greedy-fallback';

export interface ProposedLoan {
  loanId: string;
  demandId: string;
  capability: Capability;
  quantity: number;
  unitIds: string[];
  fromMission: string;
  toMission: string;
  contributor: string;
  distanceKm: number;
  leadTime: { noticeDays: number; consentDays: number; authorizationDays: number; transitDays: number };
  arriveBy: string;
  returnBy: string;
  coverage: number;
  cost: { transfer: number; sustainmentPerDay: number; total: number };
  pending: string[];
  criticalPath: string;
  /** Every consent the loan relies on: the legal trail a planner checks before approving. */
  consents: LoanConsentItem[];
  /** Consents whose validUntil ends the loan before the window does. */
  renewal?: string[];
  /** (v3) With renewal: the coverage if every renewal is granted. */
  coverageIfRenewed?: number;
}

export const LOAN_CONSENT_STATUSES = ['granted', 'pending', 'overdue', 'not-needed'] as const;
export type LoanConsentStatus = (typeof LOAN_CONSENT_STATUSES)[number];

export interface LoanConsentItem {
  /** e.g. `council:UNSC`, `contributor:PAK`. */
  item: string;
  status: LoanConsentStatus;
  /** Planning delay from asOf (0 if granted or not needed). */
  days: number;
  expectedBy?: string;
  validUntil?: string;
  reference?: string;
}

export const RECALL_REASONS = ['donor-in-crisis', 'consent-lapsed', 'overdue'] as const;
export type RecallReason = (typeof RECALL_REASONS)[number];

/** A loan the planner should end now, from the borrower back home, with why. */
export interface Recall {
  loanId: string;
  unitIds: string[];
  fromMission: string;
  toMission: string;
  reason: RecallReason;
  detail: string;
  /** The home demand the returning units would serve. */
  relieves?: { demandId: string; units: number };
}

/**
 * (v3) A consent that would end an approved loan before its natural end (the demand's window end
 * plus demobilization, within maxLoanDays), listed renewalNoticeDays ahead of its validUntil.
 */
export interface RenewalDue {
  loanId: string;
  /** e.g. `council:UNSC`, `contributor:NPL`. */
  item: string;
  validUntil: string;
  /** The loan's return date as it stands: the consent's validUntil when that is what caps it. */
  returnBy: string;
  detail: string;
}

export interface UnmetDemand {
  demandId: string;
  missionId: string;
  capability: Capability;
  shortfall: number;
  /** (v3) `consents`: every consent item the pair lacks (a bundle), when a consent is why. */
  reasons: { missionId: string; reason: UnmetReason; detail: string; consents?: string[] }[];
}

export interface PostureEntry {
  missionId: string;
  capability: Capability;
  held: number;
  available: number;
  onLoanOut: number;
  floor: number;
  proposedOut: number;
}

export interface Proposal {
  proposalId: string;
  scope: string;
  version: number;
  asOf: string;
  status: 'pending' | 'superseded';
  solver: {
    engine: string;
    status: SolverStatus;
    objective: number;
    solveMs: number;
    variables: number;
    constraints: number;
  };
  loans: ProposedLoan[];
  unmet: UnmetDemand[];
  posture: PostureEntry[];
  /** Loans the planner should end now. */
  recalls: Recall[];
  /** (v3) Consents to renew before they end an approved loan early. */
  renewalsDue: RenewalDue[];
  /**
   * (addition, issue 26) Input events applied since the previous proposal with an event time
   * before the world's asOf then (produced or delivered late): why this plan changed. Absent when none.
   */
  lateEvents?: LateEvent[];
}

/** An input event applied after the world's clock had passed its time. */
export interface LateEvent {
  eventId: string;
  type: string;
  /** The event's own time. */
  time: string;
  /** The world's asOf when it was applied. */
  appliedAt: string;
  lateByMs: number;
}

export interface Decision {
  decisionId: string;
  proposalId: string;
  loanIds: string[];
  decision: 'approved' | 'rejected';
  reviewer: string;
  reason?: string;
  version: 1;
}

export interface LoanReturned {
  loanId: string;
  returnedAt: string;
}

export interface LoanRecalled {
  loanId: string;
  recalledAt: string;
  reason: string;
}

/** (v3) An approved loan's return date moved later by an approver, within its consents' validity. */
export interface LoanExtended {
  loanId: string;
  returnBy: string;
  extendedAt: string;
  reason: string;
}

export const LOAN_STATUSES = ['approved', 'active', 'due', 'overdue', 'returned', 'recall-recommended', 'consent-lapsed', 'recalled'] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

export interface Loan {
  loanId: string;
  demandId: string;
  unitIds: string[];
  fromMission: string;
  toMission: string;
  capability: Capability;
  quantity: number;
  approvedAt: string;
  arriveBy: string;
  returnBy: string;
  status: LoanStatus;
  version: number;
}

export const ADVICE_LEVERS = ['consent', 'reserve-floor', 'receiving-capacity', 'share-on-loan', 'donor-in-crisis', 'consent-validity'] as const;
export type AdviceLeverKind = (typeof ADVICE_LEVERS)[number];

/** (v2) One change a planner could make, measured by planning the world with it. */
export interface AdviceLever {
  demandId: string;
  lever: AdviceLeverKind;
  /**
   * e.g. "contributor:PAK UNMIL->UNOCI", "floor UNMIL/infantry-company"; (v3) a consent lever names
   * the whole bundle a pair lacks: "contributor:PAK + council:UNSC UNMIL->UNOCI".
   */
  target: string;
  /** e.g. "granted by 2012-01-10", "floor 3 -> 2", "validUntil 2010-12-31 -> 2011-03-31". */
  change: string;
  /**
   * (v3) Consent and consent-validity levers: the last day a grant (or renewal) still gives this
   * gain, read from the variant plan's loans (docs/design.md, "Advice").
   */
  latestUseful?: string;
  /** What the plan gains with the change, against the plan without it; each > 0 where it counts. */
  gain: { units: number; coverageDays: number; weightedShortfall: number };
  /** Change in the total cost of the proposed loans (US dollars). */
  cost: number;
}

/**
 * (v2) The levers that would reduce a proposal's shortfall. `complete`, `budgetMs` and the counts
 * are this implementation's additions: a list cut short by the time budget says so.
 */
export interface Advice {
  proposalId: string;
  computedMs: number;
  levers: AdviceLever[];
  /** False when the time budget ran out before every candidate was measured: the list may be partial. */
  complete?: boolean;
  budgetMs?: number;
  /** Candidate levers found in the explanations, and how many of them were measured. */
  candidates?: number;
  measured?: number;
  /**
   * (v3) Why no lever is listed although candidates were measured (each moved a gap or changed
   * nothing), or why some measured ones are left out; absent when there is nothing to say.
   */
  note?: string;
}

/**
 * (v2) A contingency stress test's answer (CONTRACT.md section 4): many hypothetical futures planned
 * with the real engine, summed up. The same seed and world give the same report.
 */
export interface StressReport {
  samples: number;
  seed: number;
  asOf: string;
  horizonDays: number;
  /** (v3) Units short in today's proposal (before any sampled crisis), and the mean over the samples (today's included). */
  baseline: { todayShortfall: number; expectedShortfall: number };
  /** (v3) `todayShortfall`: the mission's units short in today's proposal, apart from the sampled part. */
  missions: { missionId: string; pShort: number; expectedShortfall: number; p95Shortfall: number; todayShortfall: number }[];
  donors: { missionId: string; capability: Capability; pLends: number; meanUnits: number }[];
  floors: { missionId: string; capability: Capability; pBinding: number }[];
  /**
   * The pre-clearance list, best first. (v3) Bundles: `items` is every consent the pair lacks,
   * granted together (`item` joins them with " + "); only bundles whose grant lowers the expected
   * shortfall below baseline.expectedShortfall are listed.
   */
  consents: {
    item: string;
    fromMission: string;
    toMission: string;
    items?: string[];
    pOnCriticalPath: number;
    /** Missing, refused, expired or too late for a demand left short. */
    pBlocking: number;
    expectedShortfallIfGrantedNow: number;
  }[];
}
