import type { Capability, Decision, LateEvent, LoanConsentItem, LoanConsentStatus, PostureEntry, ProposedLoan, Recall, RecallReason, RenewalDue, UnmetDemand, UnmetReason } from '@imc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CAPABILITIES, LOAN_CONSENT_STATUSES, RECALL_REASONS, UNMET_REASONS } from '@imc/contracts';

// Response shapes of a proposal (CONTRACT.md section 3), documented for the OpenAPI; nested
// shapes live with the one that holds them.

export class SolverDto {
  @ApiProperty({ example: 'jslp' }) engine!: string;
  @ApiProperty({ enum: ['optimal', 'time-limit', 'greedy-fallback'] }) status!: string;
  @ApiProperty() objective!: number;
  @ApiProperty() solveMs!: number;
  @ApiProperty() variables!: number;
  @ApiProperty() constraints!: number;
}

export class LeadTimeDto {
  @ApiProperty() noticeDays!: number;
  @ApiProperty() consentDays!: number;
  @ApiProperty() authorizationDays!: number;
  @ApiProperty() transitDays!: number;
}

export class LoanCostDto {
  @ApiProperty() transfer!: number;
  @ApiProperty() sustainmentPerDay!: number;
  @ApiProperty() total!: number;
}

export class LoanReviewDto {
  @ApiProperty({ enum: ['approved', 'rejected'] }) decision!: 'approved' | 'rejected';
  @ApiProperty() decisionId!: string;
  @ApiProperty() proposalId!: string;
  @ApiProperty({ example: 'approver:3f2a91c0' }) reviewer!: string;
}

export class LoanConsentItemDto implements LoanConsentItem {
  @ApiProperty({ example: 'council:UNSC' }) item!: string;
  @ApiProperty({ enum: LOAN_CONSENT_STATUSES, description: 'overdue: pending past its expected date, planned policy.overdueConsentDays from now' }) status!: LoanConsentStatus;
  @ApiProperty({ description: 'planning delay from asOf (0 if granted or not needed)' }) days!: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'for a pending consent: its record time + expectedInDays' }) expectedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) validUntil?: string;
  @ApiPropertyOptional({ example: 'S/RES/1951 (2010)' }) reference?: string;
}

export class ProposedLoanDto implements ProposedLoan {
  @ApiProperty({ example: 'loan-1a2b3c4d5e6f', description: 'deterministic: the same units for the same demand keep the id across re-plans' }) loanId!: string;
  @ApiProperty({ example: 'crisis-unoci-2010/utility-helicopter' }) demandId!: string;
  @ApiProperty({ enum: CAPABILITIES }) capability!: Capability;
  @ApiProperty() quantity!: number;
  @ApiProperty({ type: [String] }) unitIds!: string[];
  @ApiProperty({ example: 'UNMIL' }) fromMission!: string;
  @ApiProperty({ example: 'UNOCI' }) toMission!: string;
  @ApiProperty({ example: 'UKR' }) contributor!: string;
  @ApiProperty() distanceKm!: number;
  @ApiProperty({ type: LeadTimeDto }) leadTime!: LeadTimeDto;
  @ApiProperty({ format: 'date-time' }) arriveBy!: string;
  @ApiProperty({ format: 'date-time' }) returnBy!: string;
  @ApiProperty({ description: '0..1 of the demand window covered' }) coverage!: number;
  @ApiProperty({ type: LoanCostDto }) cost!: LoanCostDto;
  @ApiProperty({ type: [String], example: ['council:UNSC'] }) pending!: string[];
  @ApiProperty({ example: 'council:UNSC', description: 'what sets the arrival: notice or a pending consent' }) criticalPath!: string;
  @ApiProperty({ type: [LoanConsentItemDto], description: 'every consent the loan relies on, in contributor, host-state, council order' }) consents!: LoanConsentItemDto[];
  @ApiPropertyOptional({ type: [String], example: ['council:UNSC'], description: 'consents whose validUntil ends the loan before the window does' }) renewal?: string[];
  @ApiPropertyOptional({ example: 1, minimum: 0, maximum: 1, description: '(v3) with renewal: the coverage if every renewal is granted' }) coverageIfRenewed?: number;
  @ApiPropertyOptional({ type: LoanReviewDto, description: 'the decision taken on this loan, if any' }) review?: LoanReviewDto;
}

export class UnmetReasonDto {
  @ApiProperty({ example: 'MONUSCO', description: 'the candidate donor, or * when no mission holds the capability' }) missionId!: string;
  @ApiProperty({ enum: UNMET_REASONS }) reason!: UnmetReason;
  @ApiProperty({ example: 'held 4, available 4, already proposed 2, floor 2' }) detail!: string;
  @ApiPropertyOptional({ type: [String], example: ['contributor:PAK', 'council:UNSC'], description: '(v3) every consent item the pair lacks, when a consent is why' }) consents?: string[];
}

export class UnmetDemandDto implements UnmetDemand {
  @ApiProperty() demandId!: string;
  @ApiProperty() missionId!: string;
  @ApiProperty({ enum: CAPABILITIES }) capability!: Capability;
  @ApiProperty() shortfall!: number;
  @ApiProperty({ type: [UnmetReasonDto], description: 'why each candidate donor was not used' }) reasons!: UnmetReasonDto[];
}

export class PostureEntryDto implements PostureEntry {
  @ApiProperty() missionId!: string;
  @ApiProperty({ enum: CAPABILITIES }) capability!: Capability;
  @ApiProperty() held!: number;
  @ApiProperty() available!: number;
  @ApiProperty() onLoanOut!: number;
  @ApiProperty() floor!: number;
  @ApiProperty() proposedOut!: number;
}

export class RecallReliefDto {
  @ApiProperty({ example: 'lbr-2011/infantry-company' }) demandId!: string;
  @ApiProperty() units!: number;
}

export class RecallDto implements Recall {
  @ApiProperty() loanId!: string;
  @ApiProperty({ type: [String] }) unitIds!: string[];
  @ApiProperty({ example: 'UNMIL', description: 'the lender: the units go back there' }) fromMission!: string;
  @ApiProperty({ example: 'UNOCI', description: 'the borrower' }) toMission!: string;
  @ApiProperty({ enum: RECALL_REASONS }) reason!: RecallReason;
  @ApiProperty({ example: 'UNMIL is in crisis and short 2 infantry-company (lbr-2011/infantry-company, weight 50); these 2 are at UNOCI (civ-2011/infantry-company, weight 32)' }) detail!: string;
  @ApiPropertyOptional({ type: RecallReliefDto, description: "the lender's own open demand the returning units would serve" }) relieves?: RecallReliefDto;
}

/** (v3) A consent to renew before it ends an approved loan early. */
export class LateEventDto implements LateEvent {
  @ApiProperty({ example: 'evt-0171' }) eventId!: string;
  @ApiProperty({ example: 'imc.crisis.declared' }) type!: string;
  @ApiProperty({ format: 'date-time', description: "the event's own time" }) time!: string;
  @ApiProperty({ format: 'date-time', description: "the world's asOf when the allocator applied it" }) appliedAt!: string;
  @ApiProperty({ description: 'appliedAt minus time, in ms' }) lateByMs!: number;
}

export class RenewalDueDto implements RenewalDue {
  @ApiProperty() loanId!: string;
  @ApiProperty({ example: 'council:UNSC', description: 'the consent item, as in the loan\'s consents' }) item!: string;
  @ApiProperty({ format: 'date-time', description: 'when the consent ends' }) validUntil!: string;
  @ApiProperty({ format: 'date-time', description: 'the loan\'s return date as it stands; a renewal moves it later, up to the window end + demobilization (within maxLoanDays of arrival)' }) returnBy!: string;
  @ApiProperty({ example: 'council:UNSC (S/RES/1967 (2011)) valid until 2011-01-31 ends 2 utility-helicopter UNMIL->UNOCI before its natural end 2011-03-15 (window end 2011-03-01 + 14 d demobilization): renew within 21 d' }) detail!: string;
}

export class DecisionDto implements Decision {
  @ApiProperty() decisionId!: string;
  @ApiProperty({ example: 'global:3' }) proposalId!: string;
  @ApiProperty({ type: [String] }) loanIds!: string[];
  @ApiProperty({ enum: ['approved', 'rejected'] }) decision!: 'approved' | 'rejected';
  @ApiProperty({ example: 'approver:3f2a91c0', description: 'the role and a short hash of the token that decided' }) reviewer!: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ enum: [1] }) version!: 1;
}

export class ProposalDto {
  @ApiProperty({ example: 'global:3' }) proposalId!: string;
  @ApiProperty({ example: 'global' }) scope!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time', description: 'planning "now": the time of the latest input event' }) asOf!: string;
  @ApiProperty({ enum: ['pending', 'superseded'], description: 'pending: the newest proposal of its scope' }) status!: string;
  @ApiProperty({ type: SolverDto }) solver!: SolverDto;
  @ApiProperty({ type: [ProposedLoanDto] }) loans!: ProposedLoanDto[];
  @ApiProperty({ type: [UnmetDemandDto], description: 'demands left short, with the reason for every candidate donor' }) unmet!: UnmetDemandDto[];
  @ApiProperty({ type: [PostureEntryDto] }) posture!: PostureEntryDto[];
  @ApiProperty({ type: [RecallDto], description: 'approved loans the planner should end now (POST /v1/loans/{loanId}/recall), with why' }) recalls!: RecallDto[];
  @ApiProperty({ type: [RenewalDueDto], description: '(v3) consents that would end an approved loan before its natural end, listed policy.renewalNoticeDays ahead of their validUntil; renewed, the loan\'s returnBy moves with them' }) renewalsDue!: RenewalDueDto[];
  @ApiPropertyOptional({ type: [LateEventDto], description: '(addition, issue 26) events applied since the previous proposal with a time before the world\'s asOf then (late), so a planner sees why the plan changed; absent when none' }) lateEvents?: LateEventDto[];
  @ApiProperty({ type: [DecisionDto], description: 'decisions taken on this proposal' }) decisions!: DecisionDto[];
}
