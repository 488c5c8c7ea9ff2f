import { ApiProperty } from '@nestjs/swagger';
import { IsZonedInstant } from '@imc/contracts';
import { IsISO8601 } from 'class-validator';

/** Body of POST /v1/loans/{loanId}/return. */
export class ReturnRequestDto {
  @ApiProperty({ format: 'date-time', example: '2011-06-30T00:00:00Z', description: 'when the units were back home (ISO 8601 with Z or an offset)' })
  @IsISO8601({ strict: true })
  // A zone-less time would be read in the server's time zone.
  @IsZonedInstant()
  returnedAt!: string;
}
