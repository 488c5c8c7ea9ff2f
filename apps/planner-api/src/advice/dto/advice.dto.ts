import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ADVICE_LEVERS, type Advice, type AdviceLever, type AdviceLeverKind } from '@imc/contracts';

// The Advice shape of the contract (v2, with the v3 fields), documented for the OpenAPI.

export class AdviceGainDto {
  @ApiProperty({ description: 'units of shortfall removed, over the whole plan' }) units!: number;
  @ApiProperty({ description: 'unit-days of demand windows covered in addition' }) coverageDays!: number;
  @ApiProperty({ description: 'the objective\'s weighted shortfall removed over the whole world: weight x (units short + units late, as 1 - coverage per unit lent), (v3) a lender\'s moved gap counted as weight x overlap per unit; > 0 for every lever listed' })
  weightedShortfall!: number;
}

export class AdviceLeverDto implements AdviceLever {
  @ApiProperty() demandId!: string;
  @ApiProperty({ enum: ADVICE_LEVERS }) lever!: AdviceLeverKind;
  @ApiProperty({ example: 'contributor:PAK + council:UNSC UNMIL->UNOCI', description: 'what the lever changes; (v3) a consent lever names the whole bundle of consents the pair lacks, granted together' })
  target!: string;
  @ApiProperty({ example: 'floor 2 -> 1: MONUSCO lends 3 and keeps 1 of 4 utility-helicopter' }) change!: string;
  @ApiPropertyOptional({
    example: '2010-12-13',
    description:
      '(v3) consent and consent-validity levers: the last day the grant still gives this gain (a loan arriving by its window start: window start - transit days; a loan arriving later: the planning day; a renewal: the day the authorization ends)',
  })
  latestUseful?: string;
  @ApiProperty({ type: AdviceGainDto }) gain!: AdviceGainDto;
  @ApiProperty({ description: 'change in the total cost of the proposed loans, in the answer\'s currency' }) cost!: number;
}

export class AdviceDto implements Advice {
  @ApiProperty({ example: 'global:23' }) proposalId!: string;
  @ApiProperty() computedMs!: number;
  @ApiProperty({ type: [AdviceLeverDto], description: 'ranked by gain.weightedShortfall (over the whole world: a lever that only moves a gap is not listed), then the milder change (a floor lowered by one before by two, a smaller bundle first), then cost' })
  levers!: AdviceLeverDto[];
  @ApiPropertyOptional({ description: 'false when the time budget ran out before every candidate lever was measured: the list may be partial' })
  complete?: boolean;
  @ApiPropertyOptional({ description: 'the time budget (IMC_ADVICE_BUDGET_MS)' }) budgetMs?: number;
  @ApiPropertyOptional({ description: 'candidate levers read from the explanations' }) candidates?: number;
  @ApiPropertyOptional({ description: 'candidate levers measured within the budget' }) measured?: number;
  @ApiPropertyOptional({
    example: "no lever listed: 1 change measured, none lowers the whole world's weighted shortfall; left every shortfall as it is (the plan with the change lends the same): MONUSCO in crisis (donorInCrisisLends false -> true)",
    description: '(v3) why measured changes are not listed: each only moved a gap or left every shortfall as it is; absent when every measured change is listed',
  })
  note?: string;
  @ApiPropertyOptional({ example: 'USD', pattern: '^[A-Z]{3}$', description: 'this API (v3): the ISO 4217 code of the levers\' costs, the policy\'s currency (USD by default)' }) currency?: string;
}
