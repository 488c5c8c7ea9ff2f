import type { TimeWindow } from '../payloads';
import { IsAfterProperty, IsInstant } from './validators';

/** A time window; both bounds are ISO 8601 instants and the end comes after the start. */
export class TimeWindowDto implements TimeWindow {
  @IsInstant()
  start!: string;

  @IsInstant()
  @IsAfterProperty('start')
  end!: string;
}
