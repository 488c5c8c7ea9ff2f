import { ApiProperty } from '@nestjs/swagger';
import { ProposalDto } from '../../proposals/dto/proposal.dto';

// Response shapes of a what-if; the nested shapes live with the one that holds them.
export class WhatIfLineDto {
  @ApiProperty({ description: 'index in the request events, from 0' }) index!: number;
  @ApiProperty() reason!: string;
}

export class WhatIfInfoDto {
  @ApiProperty({ type: String, nullable: true, description: 'the current proposal the what-if started from (null: none yet)' }) basedOn!: string | null;
  @ApiProperty() events!: number;
  @ApiProperty({ description: 'false: the events change nothing, the proposal is the current one' }) changed!: boolean;
  @ApiProperty({ type: [WhatIfLineDto], description: 'events the world refused (e.g. a decision on no current loan)' }) rejected!: WhatIfLineDto[];
  @ApiProperty({ type: [WhatIfLineDto], description: 'events applied with parts ignored' }) notes!: WhatIfLineDto[];
  @ApiProperty({ description: 'wall time spent planning' }) ms!: number;
}

/** The proposal that would result; hypothetical, never published. */
export class WhatIfProposalDto extends ProposalDto {
  @ApiProperty({ type: WhatIfInfoDto }) whatIf!: WhatIfInfoDto;
}
