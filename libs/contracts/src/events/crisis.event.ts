import type { Crisis, Requirement } from '../payloads';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CAPABILITIES, Capability, CRISIS_KINDS, CrisisKind } from '../payloads';
import { PlaceDto } from './place.event';
import { TimeWindowDto } from './time-window.event';

// The nested shapes live with the one payload that uses them, rather than one class per file:
// they mean nothing on their own and are validated only through it.
export class RequirementDto implements Requirement {
  @IsIn(CAPABILITIES)
  capability!: Capability;

  @IsInt() @Min(1)
  quantity!: number;

  @IsInt() @Min(1) @Max(10)
  priority!: number;
}

/** Data of `imc.crisis.declared`, `imc.crisis.updated` and `imc.crisis.resolved`. */
export class CrisisEvent implements Crisis {
  @IsString() @IsNotEmpty()
  crisisId!: string;

  @IsString() @IsNotEmpty()
  missionId!: string;

  @IsIn(CRISIS_KINDS)
  kind!: CrisisKind;

  @IsBoolean()
  scheduled!: boolean;

  @IsIn([1, 2, 3, 4, 5])
  severity!: 1 | 2 | 3 | 4 | 5;

  @IsObject() @ValidateNested() @Type(() => TimeWindowDto)
  window!: TimeWindowDto;

  /** May be empty, e.g. on a resolution. */
  @IsArray() @ValidateNested({ each: true }) @Type(() => RequirementDto)
  requirements!: RequirementDto[];

  /** Where help is needed; without it, the mission's hq. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => PlaceDto)
  site?: PlaceDto;

  @IsInt() @Min(0)
  version!: number;
}
