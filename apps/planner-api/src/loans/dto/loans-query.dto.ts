import { ApiPropertyOptional } from '@nestjs/swagger';
import { LOAN_STATUSES, LoanStatus } from '@imc/contracts';
import { IsIn, IsOptional } from 'class-validator';

export class LoansQueryDto {
  @ApiPropertyOptional({ enum: LOAN_STATUSES })
  @IsOptional()
  @IsIn([...LOAN_STATUSES])
  status?: LoanStatus;
}
