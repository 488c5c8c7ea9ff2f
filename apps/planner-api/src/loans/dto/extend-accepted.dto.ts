import { ApiProperty } from '@nestjs/swagger';

/** 202: the extension is on imc.decisions, acknowledged by the broker. */
export class ExtendAcceptedDto {
  @ApiProperty() loanId!: string;
  @ApiProperty({ format: 'date-time' }) returnBy!: string;
  @ApiProperty({ format: 'date-time', description: 'event time: the world\'s "now" when the extension was recorded' }) extendedAt!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'id of the imc.loan.extended CloudEvent' }) eventId!: string;
}
