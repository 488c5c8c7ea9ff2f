import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ADVICE_LEVERS, type Advice, type AdviceLever, type AdviceLeverKind } from '@imc/contracts';

// The Advice shape of the contract (v2), documented for the OpenAPI.

export class AdviceGainDto {
  @ApiProperty({ description: 'units of shortfall removed, over the whole plan' }) units!: number;
  @ApiProperty({ description: 'unit-days of demand windows covered in addition' }) coverageDays!: number;
  @ApiProperty({ description: 'the objective\'s weighted shortfall removed: weight x (units short + units late, as 1 - coverage per unit lent); > 0 for every lever listed' })
  weightedShortfall!: number;
}

export class AdviceLeverDto implements AdviceLever {
  @ApiProperty() demandId!: string;
  @ApiProperty({ enum: ADVICE_LEVERS }) lever!: AdviceLeverKind;
  @ApiProperty({ example: 'contributor:PAK UNMIL->UNOCI' }) target!: string;
  @ApiProperty({ example: 'floor 2 -> 1: MONUSCO lends 3 and keeps 1 of 4 utility-helicopter' }) change!: string;
  @ApiProperty({ type: AdviceGainDto }) gain!: AdviceGainDto;
  @ApiProperty({ description: 'change in the total cost of the proposed loans, US dollars' }) cost!: number;
}

export class AdviceDto implements Advice {
  @ApiProperty({ example: 'global:23' }) proposalId!: string;
  @ApiProperty() computedMs!: number;
  @ApiProperty({ type: [AdviceLeverDto], description: 'ranked by gain.weightedShortfall, then cost' }) levers!: AdviceLeverDto[];
  @ApiPropertyOptional({ description: 'false when the time budget ran out before every candidate lever was measured: the list may be partial' })
  complete?: boolean;
  @ApiPropertyOptional({ description: 'the time budget (IMC_ADVICE_BUDGET_MS)' }) budgetMs?: number;
  @ApiPropertyOptional({ description: 'candidate levers read from the explanations' }) candidates?: number;
  @ApiPropertyOptional({ description: 'candidate levers measured within the budget' }) measured?: number;
}
