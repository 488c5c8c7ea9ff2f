import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { LoanRecalled } from '../payloads';
import { IsInstant } from './validators';

/** Data of `imc.loan.recalled`: a loan ended early by the planner; its units go home. */
export class LoanRecalledEvent implements LoanRecalled {
  @IsString() @IsNotEmpty()
  loanId!: string;

  @IsInstant()
  recalledAt!: string;

  /** Why, in the planner's words; kept short enough for a proposal line and a log. */
  @IsString() @IsNotEmpty() @MaxLength(500)
  reason!: string;
}
