import type { Consent } from '../payloads';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Min,
  ValidateBy,
} from 'class-validator';
import { CAPABILITIES, Capability, CONSENT_KINDS, CONSENT_STATUSES, ConsentKind, ConsentStatus } from '../payloads';
import { IsInstant } from './validators';

/** Data of `imc.consent.recorded`. */
export class ConsentEvent implements Consent {
  @IsString() @IsNotEmpty()
  consentId!: string;

  @IsIn(CONSENT_KINDS)
  kind!: ConsentKind;

  /** Contributor ISO3, host state ISO3, or UNSC. */
  @IsString() @IsNotEmpty()
  party!: string;

  /** A mission acronym, or `*` for any mission. */
  @IsString() @IsNotEmpty()
  fromMission!: string;

  @IsString() @IsNotEmpty()
  toMission!: string;

  @IsArray() @ArrayMinSize(1) @IsIn([...CAPABILITIES, '*'], { each: true })
  capabilities!: (Capability | '*')[];

  @IsIn(CONSENT_STATUSES)
  status!: ConsentStatus;

  /** For a pending consent: days from this record until a decision is expected. */
  @IsOptional() @IsNumber() @Min(0)
  expectedInDays?: number;

  @IsOptional() @IsInstant()
  validUntil?: string;

  @IsOptional() @IsString()
  reference?: string;

  /** (v3) Host-state or council records only: the record applies to units of these contributors alone. */
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsString({ each: true }) @IsNotEmpty({ each: true })
  @ValidateBy({ name: 'onlyForHostStateOrCouncil', validator: { validate: (_v, args) => (args?.object as ConsentEvent).kind !== 'contributor', defaultMessage: () => 'applies to host-state and council records only' } })
  contributors?: string[];

  @IsInt() @Min(0)
  version!: number;
}
