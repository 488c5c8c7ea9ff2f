import type { Demand } from '../payloads';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { CAPABILITIES, Capability } from '../payloads';
import { PlaceDto } from './place.event';
import { TimeWindowDto } from './time-window.event';

/** Data of `imc.demand.raised` and `imc.demand.withdrawn`. */
export class DemandEvent implements Demand {
  @IsString() @IsNotEmpty()
  demandId!: string;

  @IsString() @IsNotEmpty()
  missionId!: string;

  @IsOptional() @IsString() @IsNotEmpty()
  crisisId?: string;

  @IsIn(CAPABILITIES)
  capability!: Capability;

  /** Whole units. */
  @IsInt() @Min(1)
  quantity!: number;

  @IsObject() @ValidateNested() @Type(() => TimeWindowDto)
  window!: TimeWindowDto;

  @IsInt() @Min(1) @Max(10)
  priority!: number;

  @IsOptional() @IsBoolean()
  allowCaution?: boolean;

  /** Where help is needed; without it, its crisis's site, else the mission's hq. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => PlaceDto)
  site?: PlaceDto;

  @IsInt() @Min(0)
  version!: number;
}
