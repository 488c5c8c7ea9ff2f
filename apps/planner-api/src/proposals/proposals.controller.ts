import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Decision } from '@imc/contracts';
import { PlannerRead, PlannerWrite } from '../auth/planner-endpoint.decorator';
import { CurrentCaller } from '../auth/caller.decorator';
import type { Caller } from '../auth/role';
import { ErrorDto } from '../common/error.dto';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import type { ProposalView } from '../read-model/planner-view';
import { CurrentQueryDto } from './dto/current-query.dto';
import { DecisionRequestDto } from './dto/decision-request.dto';
import { DecisionDto, ProposalDto } from './dto/proposal.dto';
import { ProposalsQueryDto } from './dto/proposals-query.dto';
import { ProposalsService } from './proposals.service';

@ApiTags('proposals')
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'echoed in the response, the logs and the Kafka headers of what the request publishes; one is made up if absent' })
@Controller('v1/proposals')
export class ProposalsController {
  constructor(private readonly proposals: ProposalsService) {}

  @Get()
  @PlannerRead('viewer')
  @ApiOperation({ summary: 'Proposals, newest first' })
  @ApiOkResponse({ type: [ProposalDto] })
  @ApiBadRequestResponse({ type: ErrorDto })
  list(@Query() query: ProposalsQueryDto): ProposalView[] {
    return this.proposals.list(query);
  }

  @Get('current')
  @PlannerRead('viewer')
  @ApiOperation({ summary: 'The pending proposal of a scope' })
  @ApiOkResponse({ type: ProposalDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'no proposal yet' })
  current(@Query() query: CurrentQueryDto): ProposalView {
    return this.proposals.current(query.scope);
  }

  @Get(':proposalId')
  @PlannerRead('viewer')
  @ApiOperation({ summary: 'One proposal with its explanations (unmet demands and why) and its decisions' })
  @ApiOkResponse({ type: ProposalDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  get(@Param('proposalId') proposalId: string): ProposalView {
    return this.proposals.get(proposalId);
  }

  @Post(':proposalId/decisions')
  @HttpCode(202)
  @PlannerWrite('approver', { idempotency: 'answers the first Decision again (same decisionId)' })
  @ApiOperation({ summary: 'Approve or reject loans of a proposal', description: 'Answers 202 with the Decision once the broker has acknowledged imc.allocation.decided on imc.decisions.' })
  @ApiAcceptedResponse({ type: DecisionDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'invalid body, with the field errors' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'unknown proposal, or a loan not in the current proposal' })
  @ApiConflictResponse({ type: ErrorDto, description: 'the proposal is superseded and a loan is not in the current one; or a loan is already approved, rejected, or its units are on loan' })
  @ApiPayloadTooLargeResponse({ type: ErrorDto })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the broker did not acknowledge in time: the decision may be recorded yet; eventId names it (the decisionId); retry with the same Idempotency-Key' })
  decide(@Param('proposalId') proposalId: string, @Body() body: DecisionRequestDto, @CurrentCaller() caller: Caller, @IdempotencyKey() key: string | undefined): Promise<Decision> {
    return this.proposals.decide(proposalId, body, caller, key);
  }
}
