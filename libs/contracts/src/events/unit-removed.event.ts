import type { UnitRemoved } from '../payloads';
import { IsInt, IsNotEmpty, IsString, Min } from 'class-validator';

/** Data of `imc.unit.removed`. */
export class UnitRemovedEvent implements UnitRemoved {
  @IsString() @IsNotEmpty()
  unitId!: string;

  @IsInt() @Min(0)
  version!: number;
}
