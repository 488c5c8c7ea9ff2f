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
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CAPABILITIES, Capability } from '../payloads';

// The nested shapes live with the one payload that uses them, rather than one class per file:
// they mean nothing on their own and are validated only through it.
export class ReserveFloorRuleDto {
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
  @IsOptional() @IsNumber() @Min(0)
  maxDistanceKm?: number;

  @IsOptional() @IsNumber() @Min(1)
  transitKmPerDay?: number;

  @IsOptional() @IsNumber() @Min(0)
  transferCostPerKm?: number;

  @IsOptional() @IsNumber() @Min(0)
  sustainmentPerDay?: number;
}

/**
 * One optional entry per capability. Spelled out so that an unknown capability key is refused
 * by the whitelist instead of being silently ignored.
 */
export class CapabilitiesPolicyDto {
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'infantry-company'?: CapabilityPolicyDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'formed-police-unit'?: CapabilityPolicyDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'military-observer-team'?: CapabilityPolicyDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'utility-helicopter'?: CapabilityPolicyDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'attack-helicopter'?: CapabilityPolicyDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'cargo-aircraft'?: CapabilityPolicyDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'engineering-unit'?: CapabilityPolicyDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'heavy-engineering-equipment'?: CapabilityPolicyDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'field-hospital'?: CapabilityPolicyDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'special-forces'?: CapabilityPolicyDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => CapabilityPolicyDto)
  'civilian-team'?: CapabilityPolicyDto;
}

export class PolicyWeightsDto {
  @IsOptional() @IsNumber() @Min(0)
  shortfall?: number;

  @IsOptional() @IsNumber() @Min(0)
  cost?: number;

  @IsOptional() @IsNumber() @Min(0)
  change?: number;
}

/**
 * Data of `imc.policy.updated`. Every field is optional: what is left out keeps the documented
 * default (libs/domain DEFAULT_POLICY), so a policy event states the whole policy, not a delta.
 */
export class PolicyEvent {
  @IsOptional() @Equals('default')
  policyId?: 'default';

  @IsOptional() @IsInt() @Min(0)
  version?: number;

  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ReserveFloorRuleDto)
  reserveFloors?: ReserveFloorRuleDto[];

  @IsOptional() @IsBoolean()
  donorInCrisisLends?: boolean;

  @IsOptional() @IsNumber() @Min(0) @Max(1)
  maxShareOnLoan?: number;

  @IsOptional() @IsNumber() @Min(1)
  maxLoanDays?: number;

  @IsOptional() @IsNumber() @Min(0)
  demobilizationDays?: number;

  @IsOptional() @IsNumber() @Min(0) @Max(1)
  minCoverage?: number;

  @IsOptional() @IsArray() @IsIn(CAPABILITIES, { each: true })
  cautionCapabilities?: Capability[];

  @IsOptional() @IsObject() @ValidateNested() @Type(() => CapabilitiesPolicyDto)
  capabilities?: CapabilitiesPolicyDto;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => PolicyWeightsDto)
  weights?: PolicyWeightsDto;
}
