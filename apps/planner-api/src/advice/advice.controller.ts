import { Controller, Get, Param } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Advice } from '@imc/contracts';
import { PlannerRead } from '../auth/planner-endpoint.decorator';
import { ErrorDto } from '../common/error.dto';
import { AdviceDto } from './dto/advice.dto';
import { AdviceService } from './advice.service';

@ApiTags('proposals')
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'echoed in the response and the logs; one is made up if absent' })
@Controller('v1/proposals')
export class AdviceController {
  constructor(private readonly advice: AdviceService) {}

  @Get(':proposalId/advice')
  @PlannerRead('viewer')
  @ApiOperation({
    summary: 'What would unlock each shortfall of a proposal: levers measured by planning the variant',
    description:
      'Computed on worker threads within IMC_ADVICE_BUDGET_MS (10 s by default) the first time a proposal is asked about, then kept; the first request waits for it. `complete: false` says the budget ran out and the list may be partial.',
  })
  @ApiOkResponse({ type: AdviceDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'unknown proposal' })
  @ApiConflictResponse({ type: ErrorDto, description: 'the proposal is superseded and its advice was never computed' })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the read model is loading, or the computation failed (try again)' })
  get(@Param('proposalId') proposalId: string): Promise<Advice> {
    return this.advice.advice(proposalId);
  }
}
