import type { Decision } from '../payloads';
import { ArrayMinSize, Equals, IsArray, IsIn, IsNotEmpty, IsOptional, IsString } from 'class-validator';

/**
 * Data of `imc.allocation.decided`. In a scenario file `proposalId` may be `latest` and `loanIds`
 * may be `["*"]`; the scenario runner resolves those before the world sees the decision.
 */
export class DecisionEvent implements Decision {
  @IsString() @IsNotEmpty()
  decisionId!: string;

  @IsString() @IsNotEmpty()
  proposalId!: string;

  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) @IsNotEmpty({ each: true })
  loanIds!: string[];

  @IsIn(['approved', 'rejected'])
  decision!: 'approved' | 'rejected';

  @IsString() @IsNotEmpty()
  reviewer!: string;

  @IsOptional() @IsString()
  reason?: string;

  @Equals(1)
  version!: 1;
}
