/**
 * The API's shapes as the page reads them: the contract's payload types (libs/contracts, types
 * only, nothing of the validation classes reaches the bundle) plus what the planner-api adds.
 */
import type { Capability, CrisisKind, Decision, Loan, LoanStatus, Mission, MissionStatus, Place, Proposal, ProposedLoan, UnitStatus } from '../../../libs/contracts/src/payloads';
export type { Capability, Decision, Loan, LoanStatus, Place, Proposal, ProposedLoan };
export { CAPABILITIES, CONSENT_KINDS, CONSENT_STATUSES, CRISIS_KINDS } from '../../../libs/contracts/src/payloads';

export type Role = 'viewer' | 'planner' | 'approver';
const ROLE_ORDER: Role[] = ['viewer', 'planner', 'approver'];
export function roleAtLeast(held: Role | undefined, needed: Role): boolean {
  return held !== undefined && ROLE_ORDER.indexOf(held) >= ROLE_ORDER.indexOf(needed);
}

export interface LoanReview {
  decision: 'approved' | 'rejected';
  decisionId: string;
  reviewer: string;
}

/** `GET /v1/proposals/current`: the proposal with each loan's review and the decisions on it. */
export interface ProposalView extends Omit<Proposal, 'loans'> {
  loans: (ProposedLoan & { review?: LoanReview })[];
  decisions: Decision[];
  /** (v3, this API) The ISO 4217 code of every cost in it: the policy's. */
  currency?: string;
}

export interface WhatIfProposal extends Proposal {
  currency?: string;
  whatIf: { basedOn: string | null; events: number; changed: boolean; rejected: { index?: number; id?: string; reason: string }[]; notes: unknown[]; ms: number };
}

/** A mission as GET /v1/missions lists it: the contract's Mission without its capacity rows, plus the status the planner-api derives. */
export interface MissionView extends Pick<Mission, 'missionId' | 'name' | 'hostState' | 'region' | 'hq' | 'status'> {
  effectiveStatus: MissionStatus;
}

/** `GET /v1/places` (v3, an addition of this API): where the engine measures from and to. */
export interface Places {
  asOf: string | null;
  missions: { missionId: string; hq: { lat: number; lon: number }; bases: Base[] }[];
  crises: { crisisId: string; missionId: string; kind: CrisisKind; start: string; end: string; site: Place; siteFrom: 'crisis' | 'hq' }[];
  demands: { demandId: string; missionId: string; crisisId?: string; capability: Capability; open: boolean; site: Place; siteFrom: 'demand' | 'crisis' | 'hq' }[];
}

export interface Base extends Place {
  atHq: boolean;
  units: { unitId: string; capability: Capability; contributor: string; status: UnitStatus; onLoan?: string }[];
}

export interface CapabilityPosture {
  capability: Capability;
  held: number;
  available: number;
  onLoanOut: number;
  onLoanIn: number;
  floor: number;
  lendable: number;
  proposedOut: number;
}

export interface MissionPosture {
  missionId: string;
  asOf: string | null;
  effectiveStatus: MissionStatus;
  capabilities: CapabilityPosture[];
}

/** `GET /v1/proposals/{id}/advice` (v2). */
export interface Advice {
  proposalId: string;
  computedMs: number;
  levers: { demandId: string; lever: string; target: string; change: string; latestUseful?: string; gain: { units: number; coverageDays: number; weightedShortfall: number }; cost: number }[];
  /** (v3) Why measured changes are not listed (each only moves a gap, or changes nothing). */
  note?: string;
  /** (v3, this API) The ISO 4217 code of the levers' costs. */
  currency?: string;
}

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: { field: string; messages: string[] }[];
  correlationId?: string;
}
