import { ApiProperty } from '@nestjs/swagger';
import { IsInstant } from '@imc/contracts';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of POST /v1/loans/{loanId}/extend (v3). */
export class ExtendRequestDto {
  @ApiProperty({
    format: 'date-time',
    example: '2011-03-15T00:00:00Z',
    description: "the loan's new return date (RFC 3339): later than its current one, within every consent's validUntil and no later than the demand window's end + demobilization (within maxLoanDays of arrival)",
  })
  @IsInstant()
  returnBy!: string;

  @ApiProperty({ maxLength: 500, example: 'S/RES/1967 (2011) renewed the authorization to 30 June', description: "why, in the planner's words" })
  @IsString() @IsNotEmpty() @MaxLength(500)
  reason!: string;
}
