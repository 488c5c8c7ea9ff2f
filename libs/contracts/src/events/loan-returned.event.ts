import { IsISO8601, IsNotEmpty, IsString } from 'class-validator';

/** Data of `imc.loan.returned`. */
export class LoanReturnedEvent {
  @IsString() @IsNotEmpty()
  loanId!: string;

  @IsISO8601({ strict: true })
  returnedAt!: string;
}
