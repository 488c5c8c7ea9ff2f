import { ApiProperty } from '@nestjs/swagger';
import { IsInstant } from '@imc/contracts';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of POST /v1/loans/{loanId}/recall. */
export class RecallRequestDto {
  @ApiProperty({ format: 'date-time', example: '2011-01-20T00:00:00Z', description: 'when the loan ends (RFC 3339); the units are home and lendable after the transit days back' })
  @IsInstant()
  recalledAt!: string;

  @ApiProperty({ maxLength: 500, example: 'contributor PAK withdrew its consent', description: 'why, in the planner\'s words (e.g. the detail of the proposal\'s recall)' })
  @IsString() @IsNotEmpty() @MaxLength(500)
  reason!: string;
}
