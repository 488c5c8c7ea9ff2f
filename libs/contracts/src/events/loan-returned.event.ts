import { IsISO8601, IsNotEmpty, IsString } from 'class-validator';
import { IsZonedInstant } from './validators';

/** Data of `imc.loan.returned`. */
export class LoanReturnedEvent {
  @IsString() @IsNotEmpty()
  loanId!: string;

  @IsISO8601({ strict: true }) @IsZonedInstant()
  returnedAt!: string;
}
