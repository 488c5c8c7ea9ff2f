import { ApiProperty } from '@nestjs/swagger';

/** 202: the recall is on imc.decisions, acknowledged by the broker. */
export class RecallAcceptedDto {
  @ApiProperty() loanId!: string;
  @ApiProperty({ format: 'date-time' }) recalledAt!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'id of the imc.loan.recalled CloudEvent' }) eventId!: string;
}
