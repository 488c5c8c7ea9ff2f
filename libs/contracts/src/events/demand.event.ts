import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { CAPABILITIES, Capability } from '../payloads';
import { TimeWindowDto } from './time-window.event';

/** Data of `imc.demand.raised` and `imc.demand.withdrawn`. */
export class DemandEvent {
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

  @IsInt() @Min(0)
  version!: number;
}
