import { IsInt, IsNotEmpty, IsString, Min } from 'class-validator';

/** Data of `imc.unit.removed`. */
export class UnitRemovedEvent {
  @IsString() @IsNotEmpty()
  unitId!: string;

  @IsInt() @Min(0)
  version!: number;
}
