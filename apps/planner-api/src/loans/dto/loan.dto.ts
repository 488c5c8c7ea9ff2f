import type { Capability, Loan, LoanStatus } from '@imc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CAPABILITIES, LOAN_STATUSES } from '@imc/contracts';

/** A loan as the allocator last published it on imc.loans. */
export class LoanDto implements Loan {
  @ApiProperty() loanId!: string;
  @ApiProperty() demandId!: string;
  @ApiProperty({ type: [String] }) unitIds!: string[];
  @ApiProperty() fromMission!: string;
  @ApiProperty() toMission!: string;
  @ApiProperty({ enum: CAPABILITIES }) capability!: Capability;
  @ApiProperty() quantity!: number;
  @ApiProperty({ format: 'date-time' }) approvedAt!: string;
  @ApiProperty({ format: 'date-time' }) arriveBy!: string;
  @ApiProperty({ format: 'date-time' }) returnBy!: string;
  @ApiProperty({ enum: LOAN_STATUSES }) status!: LoanStatus;
  @ApiProperty() version!: number;
  @ApiPropertyOptional({ format: 'date-time' }) returnedAt?: string;
}
