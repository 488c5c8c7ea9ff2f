import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiBearerAuth, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { ReadModelLoadedGuard } from '../read-model/read-model-loaded.guard';
import { RequireRole } from '../auth/require-role.decorator';
import { ErrorDto } from '../common/error.dto';
import { WriteThrottlerGuard } from '../http/write-throttler.guard';
import { CurrentCaller } from '../auth/caller.decorator';
import type { Caller } from '../auth/role';
import { ApiIdempotencyKey, IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { WhatIfProposalDto } from './dto/what-if-proposal.dto';
import { whatIfRequest, WhatIfRequestDto } from './dto/what-if-request.dto';
import { WhatIfService } from './what-if.service';

@ApiTags('what-if')
@ApiBearerAuth()
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'echoed in the response, the logs and the Kafka headers of what the request publishes; one is made up if absent' })
@ApiUnauthorizedResponse({ type: ErrorDto, description: 'no token, or an unknown one' })
@ApiForbiddenResponse({ type: ErrorDto, description: 'the token role is too low' })
@Controller('v1/what-if')
@UseGuards(AuthGuard, ReadModelLoadedGuard)
export class WhatIfController {
  constructor(private readonly whatIf: WhatIfService) {}

  @Post()
  @HttpCode(200)
  @RequireRole('planner')
  @UseGuards(WriteThrottlerGuard)
  @ApiOperation({ summary: 'The proposal that would result from the current state plus these events', description: 'Runs the planning engine in-process on a copy of the current state; publishes nothing.' })
  @ApiOkResponse({ type: WhatIfProposalDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'invalid body, or events that are not valid input CloudEvents (per event)' })
  @ApiPayloadTooLargeResponse({ type: ErrorDto })
  @ApiTooManyRequestsResponse({ type: ErrorDto })
  @ApiIdempotencyKey('answers the first answer again (this process keeps the last 100; a what-if records nothing, so any other process answers afresh)')
  @ApiBody({ type: WhatIfRequestDto })
  run(@Body() body: unknown, @CurrentCaller() caller: Caller, @IdempotencyKey() key: string | undefined): Promise<WhatIfProposalDto> {
    // Typed unknown, so the global pipe leaves it alone: whatIfRequest checks it, cheaply.
    return this.whatIf.run(whatIfRequest(body).events, caller, key);
  }
}
