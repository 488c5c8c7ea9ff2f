import type { LoanReturned } from '../payloads';
import { IsNotEmpty, IsString } from 'class-validator';
import { IsInstant } from './validators';

/** Data of `imc.loan.returned`. */
export class LoanReturnedEvent implements LoanReturned {
  @IsString() @IsNotEmpty()
  loanId!: string;

  @IsInstant()
  returnedAt!: string;
}
