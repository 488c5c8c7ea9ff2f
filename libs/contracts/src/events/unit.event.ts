import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsNumber, IsString, Matches, Min } from 'class-validator';
import { CAPABILITIES, Capability, UNIT_STATUSES, UnitStatus } from '../payloads';

/** Data of `imc.unit.upserted`. */
export class UnitEvent {
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

  /** ISO3 of the contributing country; contracted assets say COMMERCIAL. */
  @Matches(/^([A-Z]{3}|COMMERCIAL)$/, { message: 'must be an ISO 3166-1 alpha-3 code or COMMERCIAL' })
  contributor!: string;

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
