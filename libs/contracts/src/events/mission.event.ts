import type { Mission } from '../payloads';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsNotEmpty, IsNumber, IsObject, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MISSION_STATUSES, MissionStatus } from '../payloads';
import { ISO3 } from './validators';

// The nested shapes live with the one payload that uses them, rather than one class per file:
// they mean nothing on their own and are validated only through it.
export class HqDto {
  @IsNumber() @Min(-90) @Max(90)
  lat!: number;

  @IsNumber() @Min(-180) @Max(180)
  lon!: number;
}

export class ReceivingCapacityDto {
  @IsInt() @Min(0)
  personnel!: number;

  @IsInt() @Min(0)
  aircraft!: number;
}

/** Data of `imc.mission.upserted`. */
export class MissionEvent implements Mission {
  @IsString() @IsNotEmpty()
  missionId!: string;

  @IsString() @IsNotEmpty()
  name!: string;

  @Matches(ISO3, { message: 'must be an ISO 3166-1 alpha-3 code' })
  hostState!: string;

  @IsString() @IsNotEmpty()
  region!: string;

  @IsObject() @ValidateNested() @Type(() => HqDto)
  hq!: HqDto;

  @IsIn(MISSION_STATUSES)
  status!: MissionStatus;

  @IsObject() @ValidateNested() @Type(() => ReceivingCapacityDto)
  receivingCapacity!: ReceivingCapacityDto;

  /** (v3) Uniformed personnel deployed, the base of the share-on-loan limit (default: its units' sum). */
  @IsOptional() @IsInt() @Min(0)
  uniformedStrength?: number;

  @IsInt() @Min(0)
  version!: number;
}
