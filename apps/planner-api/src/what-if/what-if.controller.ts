import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import { PlannerWrite } from '../auth/planner-endpoint.decorator';
import { ErrorDto } from '../common/error.dto';
import { CurrentCaller } from '../auth/caller.decorator';
import type { Caller } from '../auth/role';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { WhatIfProposalDto } from './dto/what-if-proposal.dto';
import { whatIfRequest, WhatIfRequestDto } from './dto/what-if-request.dto';
import { WhatIfService } from './what-if.service';

@ApiTags('what-if')
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'echoed in the response, the logs and the Kafka headers of what the request publishes; one is made up if absent' })
@Controller('v1/what-if')
export class WhatIfController {
  constructor(private readonly whatIf: WhatIfService) {}

  @Post()
  @HttpCode(200)
  @PlannerWrite('planner', { idempotency: 'answers the first answer again (this process keeps the last 100; a what-if records nothing, so any other process answers afresh)' })
  @ApiOperation({ summary: 'The proposal that would result from the current state plus these events', description: 'Runs the planning engine in-process on a copy of the current state; publishes nothing.' })
  @ApiOkResponse({ type: WhatIfProposalDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'invalid body, or events that are not valid input CloudEvents (per event)' })
  @ApiPayloadTooLargeResponse({ type: ErrorDto })
  @ApiBody({ type: WhatIfRequestDto })
  run(@Body() body: unknown, @CurrentCaller() caller: Caller, @IdempotencyKey() key: string | undefined): Promise<WhatIfProposalDto> {
    // Typed unknown, so the global pipe leaves it alone: whatIfRequest checks it, cheaply.
    return this.whatIf.run(whatIfRequest(body).events, caller, key);
  }
}
