import { IsNotEmpty, IsString } from 'class-validator';
import { IsInstant } from './validators';

/** Data of `imc.loan.returned`. */
export class LoanReturnedEvent {
  @IsString() @IsNotEmpty()
  loanId!: string;

  @IsInstant()
  returnedAt!: string;
}
