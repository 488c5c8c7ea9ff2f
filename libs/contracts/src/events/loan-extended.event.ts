import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { LoanExtended } from '../payloads';
import { IsInstant } from './validators';

/**
 * (v3) Data of `imc.loan.extended`: an approver moves an approved loan's return date later. The
 * allocator applies it only within the consents' validity and the policy's limits.
 */
export class LoanExtendedEvent implements LoanExtended {
  @IsString() @IsNotEmpty()
  loanId!: string;

  /** The new return date; later than the loan's current one. */
  @IsInstant()
  returnBy!: string;

  @IsInstant()
  extendedAt!: string;

  /** Why, in the planner's words; kept short enough for a proposal line and a log. */
  @IsString() @IsNotEmpty() @MaxLength(500)
  reason!: string;
}
