import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Advice } from '@imc/contracts';
import { AuthGuard } from '../auth/auth.guard';
import { RequireRole } from '../auth/require-role.decorator';
import { ErrorDto } from '../common/error.dto';
import { ReadModelLoadedGuard } from '../read-model/read-model-loaded.guard';
import { AdviceDto } from './dto/advice.dto';
import { AdviceService } from './advice.service';

@ApiTags('proposals')
@ApiBearerAuth()
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'echoed in the response and the logs; one is made up if absent' })
@ApiUnauthorizedResponse({ type: ErrorDto, description: 'no token, or an unknown one' })
@ApiForbiddenResponse({ type: ErrorDto, description: 'the token role is too low' })
@Controller('v1/proposals')
@UseGuards(AuthGuard, ReadModelLoadedGuard)
export class AdviceController {
  constructor(private readonly advice: AdviceService) {}

  @Get(':proposalId/advice')
  @RequireRole('viewer')
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
