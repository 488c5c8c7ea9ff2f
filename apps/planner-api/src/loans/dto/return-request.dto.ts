import { ApiProperty } from '@nestjs/swagger';
import { IsInstant } from '@imc/contracts';

/** Body of POST /v1/loans/{loanId}/return. */
export class ReturnRequestDto {
  @ApiProperty({ format: 'date-time', example: '2011-06-30T00:00:00Z', description: 'when the units were back home (RFC 3339: seconds and Z or an offset required)' })
  // The contract's one time rule: a zone-less or space-separated time would be read in the
  // server's time zone, and ISO 8601 forms such as `2012-11-26T00` cannot be read at all.
  @IsInstant()
  returnedAt!: string;
}
