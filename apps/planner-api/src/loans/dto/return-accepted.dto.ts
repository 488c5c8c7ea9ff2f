import { ApiProperty } from '@nestjs/swagger';

/** 202: the return is on imc.decisions, acknowledged by the broker. */
export class ReturnAcceptedDto {
  @ApiProperty() loanId!: string;
  @ApiProperty({ format: 'date-time' }) returnedAt!: string;
  @ApiProperty({ description: 'id of the imc.loan.returned CloudEvent' }) eventId!: string;
}
