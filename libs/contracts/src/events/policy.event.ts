import type { ReserveFloorRule } from '../payloads';
import { Type } from 'class-transformer';
import {
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CAPABILITIES, Capability } from '../payloads';
import { Omittable } from './validators';

// The nested shapes live with the one payload that uses them, rather than one class per file:
// they mean nothing on their own and are validated only through it.
export class ReserveFloorRuleDto implements ReserveFloorRule {
  /** A mission acronym or `*`. */
  @IsString() @IsNotEmpty()
  missionId!: string;

  @IsIn([...CAPABILITIES, '*'])
  capability!: Capability | '*';

  @IsNumber() @Min(0) @Max(1)
  minFraction!: number;

  @IsInt() @Min(0)
  minCount!: number;
}

/** Per-capability reach and cost; any field left out keeps its default. */
export class CapabilityPolicyDto {
  @Omittable() @IsNumber() @Min(0)
  maxDistanceKm?: number;

  @Omittable() @IsNumber() @Min(1)
  transitKmPerDay?: number;

  @Omittable() @IsNumber() @Min(0)
  transferCostPerKm?: number;

  @Omittable() @IsNumber() @Min(0)
  sustainmentPerDay?: number;
}

/**
 * One optional entry per capability. Spelled out so that an unknown capability key is refused
 * by the whitelist instead of being silently ignored.
 */
export class CapabilitiesPolicyDto {
  @Omittable() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'infantry-company'?: CapabilityPolicyDto;

  @Omittable() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'formed-police-unit'?: CapabilityPolicyDto;

  @Omittable() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'military-observer-team'?: CapabilityPolicyDto;

  @Omittable() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'utility-helicopter'?: CapabilityPolicyDto;

  @Omittable() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'attack-helicopter'?: CapabilityPolicyDto;

  @Omittable() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'cargo-aircraft'?: CapabilityPolicyDto;

  @Omittable() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'engineering-unit'?: CapabilityPolicyDto;

  @Omittable() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'heavy-engineering-equipment'?: CapabilityPolicyDto;

  @Omittable() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'field-hospital'?: CapabilityPolicyDto;

  @Omittable() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'special-forces'?: CapabilityPolicyDto;

  @Omittable() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'civilian-team'?: CapabilityPolicyDto;
}

export class PolicyWeightsDto {
  @Omittable() @IsNumber() @Min(0)
  shortfall?: number;

  @Omittable() @IsNumber() @Min(0)
  cost?: number;

  @Omittable() @IsNumber() @Min(0)
  change?: number;
}

/**
 * Data of `imc.policy.updated`. Every field is optional: what is left out keeps the documented
 * default (libs/domain DEFAULT_POLICY), so a policy event states the whole policy, not a delta.
 */
export class PolicyEvent {
  @Omittable() @Equals('default')
  policyId?: 'default';

  @Omittable() @IsInt() @Min(0)
  version?: number;

  @Omittable() @IsArray() @ValidateNested({ each: true }) @Type(() => ReserveFloorRuleDto)
  reserveFloors?: ReserveFloorRuleDto[];

  @Omittable() @IsBoolean()
  donorInCrisisLends?: boolean;

  @Omittable() @IsNumber() @Min(0) @Max(1)
  maxShareOnLoan?: number;

  @Omittable() @IsNumber() @Min(1)
  maxLoanDays?: number;

  @Omittable() @IsNumber() @Min(0)
  demobilizationDays?: number;

  @Omittable() @IsNumber() @Min(0) @Max(1)
  minCoverage?: number;

  /** Days an overdue pending consent is still planned to take; at least 1, never "any moment". */
  @Omittable() @IsNumber() @Min(1)
  overdueConsentDays?: number;

  /** (v3) Days ahead of a consent's validUntil that a loan it would end early is listed under renewalsDue. */
  @Omittable() @IsNumber() @Min(0)
  renewalNoticeDays?: number;

  @Omittable() @IsArray() @IsIn(CAPABILITIES, { each: true })
  cautionCapabilities?: Capability[];

  @Omittable() @IsObject() @ValidateNested() @Type(() => CapabilitiesPolicyDto)
  capabilities?: CapabilitiesPolicyDto;

  @Omittable() @IsObject() @ValidateNested() @Type(() => PolicyWeightsDto)
  weights?: PolicyWeightsDto;

  /** (v3, an addition) The ISO 4217 code the policy's and the engine's costs are in; default USD. */
  @Omittable() @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code of three capital letters, e.g. USD' })
  currency?: string;
}
