import { IsISO8601 } from 'class-validator';
import { IsAfterProperty, IsZonedInstant } from './validators';

/** A time window; both bounds are ISO 8601 instants and the end comes after the start. */
export class TimeWindowDto {
  @IsISO8601({ strict: true }) @IsZonedInstant()
  start!: string;

  @IsISO8601({ strict: true }) @IsZonedInstant()
  @IsAfterProperty('start')
  end!: string;
}
