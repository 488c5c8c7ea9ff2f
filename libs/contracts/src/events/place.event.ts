import { IsNotEmpty, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import type { Place } from '../payloads';

/** A point on the map (a unit's base, a crisis site), nested in the payloads that carry one. */
export class PlaceDto implements Place {
  @IsOptional() @IsString() @IsNotEmpty()
  name?: string;

  @IsNumber() @Min(-90) @Max(90)
  lat!: number;

  @IsNumber() @Min(-180) @Max(180)
  lon!: number;
}
