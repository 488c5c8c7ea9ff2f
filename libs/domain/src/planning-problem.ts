import type {
  Capability,
  PostureEntry,
  ProposedLoan,
  Recall,
  RenewalDue,
  UnmetReason,
} from '@imc/contracts';

/**
 * The hand-over from the domain to the optimizer: everything the model needs, already
 * filtered by the hard rules (reach, consent, caution, rejections, timeliness), with costs and
 * coverages computed. The optimizer knows nothing of consents or geography; it only sees numbers.
 *
 * Every array is in a deterministic order (sorted by id) so that the same world gives the same model.
 */
export interface PlanningProblem {
  /** Planning "now": the latest event time applied (ISO 8601). */
  asOf: string;
  /** `global` or a region. */
  scope: string;
  groups: UnitGroup[];
  demands: DemandSlot[];
  /** Feasible (group, demand) pairs only. */
  pairs: CandidatePair[];
  /** sum of y over `groupIds` (all of one mission and capability) <= limit. */
  floorRows: CapacityRow[];
  /** sum of personnel * y over groups of a donor mission <= limit (personnel). */
  shareRows: CapacityRow[];
  /** sum of personnel * y (or aircraft * y) over pairs into a recipient mission <= limit. */
  receivingRows: ReceivingRow[];
  /** Why a candidate donor mission could not serve a demand at all (pairs that do not exist). */
  exclusions: Exclusion[];
  /** Posture before this plan (proposedOut is filled in by the optimizer). */
  posture: Omit<PostureEntry, 'proposedOut'>[];
  /** (v3) Committed units at home per `${missionId}|${capability}` (only where some are): they keep the floor. */
  committedAtHome?: Record<string, number>;
  /** Units of the previous proposal, per demand, for the change penalty: `${groupId}|${demandId}` -> count. */
  previous: Record<string, number>;
  /** Objective weights. W = shortfall weight (large), cost weight, change weight. */
  weights: { shortfall: number; cost: number; change: number };
  /**
   * (v3) Lenders' own open demands named by a pair's lenderNeed that are not in `demands` (fully
   * covered already, or out of scope): a loan that moves their gap reopens them in `unmet`.
   */
  lenderDemands?: DemandSlot[];
  /** Approved loans the planner should end now; passed through to the proposal as they are. */
  recalls: Recall[];
  /** (v3) Consents to renew before they end an approved loan early; passed through as they are. */
  renewalsDue: RenewalDue[];
}

export interface UnitGroup {
  /** Deterministic: derived from the grouping key. */
  groupId: string;
  missionId: string;
  capability: Capability;
  contributor: string;
  noticeToMoveDays: number;
  personnel: number; // per unit
  aircraft: number; // per unit
  /** Units available to lend, sorted by unitId; count = unitIds.length. */
  unitIds: string[];
}

export interface DemandSlot {
  demandId: string;
  missionId: string;
  capability: Capability;
  /** Still to cover: quantity minus what approved loans already cover. */
  quantity: number;
  /** priority * severity (1 without a crisis). */
  weight: number;
  window: { start: string; end: string };
}

export interface CandidatePair {
  groupId: string;
  demandId: string;
  /** 0..1 of the demand window covered by a unit of this group. */
  coverage: number;
  /** Cost per unit: transfer + sustainment * loan days. */
  costPerUnit: number;
  /**
   * (v3) The lender's own open demands for the capability that one unit lent for the loan's span
   * leaves uncovered, each with its weight and the share of its window the span overlaps: the
   * objective adds W x weight x overlap per unit (the moved gap), and the lender's shortfall grows.
   */
  lenderNeed?: { demandId: string; weight: number; overlap: number }[];
  /** The rest of the future ProposedLoan, per unit-independent fields. */
  loanTemplate: Omit<ProposedLoan, 'loanId' | 'quantity' | 'unitIds' | 'cost'> & {
    cost: { transferPerUnit: number; sustainmentPerDayPerUnit: number; totalPerUnit: number };
  };
}

export interface CapacityRow {
  /** e.g. `floor:UNMIL:infantry-company`, `share:UNMIL`. */
  rowId: string;
  missionId: string;
  limit: number;
  /** groupId -> coefficient (1 for floors, personnel for share rows). */
  coefficients: Record<string, number>;
  /** Used for explanations, e.g. "available 8, floor 6". */
  detail: string;
  reason: Extract<UnmetReason, 'reserve-floor' | 'share-on-loan' | 'donor-in-crisis'>;
}

export interface ReceivingRow {
  rowId: string; // `receiving:UNOCI:personnel`
  missionId: string;
  limit: number;
  /** demandId -> per-unit coefficient is taken from the group: personnel or aircraft. */
  resource: 'personnel' | 'aircraft';
  demandIds: string[];
  detail: string;
}

export interface Exclusion {
  demandId: string;
  missionId: string; // the donor mission
  reason: UnmetReason;
  detail: string;
  /** The consents the exclusion turns on, when a consent or its delay is why (see Verdict.consents). */
  consents?: string[];
}
