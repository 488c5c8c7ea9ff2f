import type { Unit } from '../payloads';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { CAPABILITIES, Capability, UNIT_STATUSES, UnitStatus } from '../payloads';
import { PlaceDto } from './place.event';

/** Data of `imc.unit.upserted`. */
export class UnitEvent implements Unit {
  @IsString() @IsNotEmpty()
  unitId!: string;

  @IsString() @IsNotEmpty()
  missionId!: string;

  @IsIn(CAPABILITIES)
  capability!: Capability;

  @IsInt() @Min(0)
  personnel!: number;

  @IsInt() @Min(0)
  aircraft!: number;

  /** ISO3 of the contributing country; contracted assets say COMMERCIAL, UN-owned ones UN. */
  @Matches(/^([A-Z]{3}|COMMERCIAL|UN)$/, { message: 'must be an ISO 3166-1 alpha-3 code, COMMERCIAL or UN' })
  contributor!: string;

  /** Where the unit is based; without it, its mission's hq. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => PlaceDto)
  location?: PlaceDto;

  @IsBoolean()
  commercial!: boolean;

  @IsBoolean()
  interMissionClause!: boolean;

  @IsNumber() @Min(0)
  noticeToMoveDays!: number;

  @IsIn(UNIT_STATUSES)
  status!: UnitStatus;

  @IsInt() @Min(0)
  version!: number;
}
