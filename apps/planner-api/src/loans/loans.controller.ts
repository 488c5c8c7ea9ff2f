import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Loan } from '@imc/contracts';
import { PlannerRead, PlannerWrite } from '../auth/planner-endpoint.decorator';
import { ErrorDto } from '../common/error.dto';
import { ExtendAcceptedDto } from './dto/extend-accepted.dto';
import { ExtendRequestDto } from './dto/extend-request.dto';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { CurrentCaller } from '../auth/caller.decorator';
import type { Caller } from '../auth/role';
import { LoanDto } from './dto/loan.dto';
import { LoansQueryDto } from './dto/loans-query.dto';
import { RecallAcceptedDto } from './dto/recall-accepted.dto';
import { RecallRequestDto } from './dto/recall-request.dto';
import { ReturnAcceptedDto } from './dto/return-accepted.dto';
import { ReturnRequestDto } from './dto/return-request.dto';
import { LoansService } from './loans.service';

@ApiTags('loans')
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'echoed in the response, the logs and the Kafka headers of what the request publishes; one is made up if absent' })
@Controller('v1/loans')
export class LoansController {
  constructor(private readonly loans: LoansService) {}

  @Get()
  @PlannerRead('viewer')
  @ApiOperation({ summary: 'Loans as the allocator last published them' })
  @ApiOkResponse({ type: [LoanDto] })
  @ApiBadRequestResponse({ type: ErrorDto })
  list(@Query() query: LoansQueryDto): Loan[] {
    return this.loans.list(query.status);
  }

  @Post(':loanId/return')
  @HttpCode(202)
  @PlannerWrite('planner', { idempotency: 'answers the first answer again (same eventId)' })
  @ApiOperation({ summary: 'Record that a loan came back', description: 'Answers 202 once the broker has acknowledged imc.loan.returned on imc.decisions.' })
  @ApiAcceptedResponse({ type: ReturnAcceptedDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'no approved loan with this id' })
  @ApiConflictResponse({ type: ErrorDto, description: 'already returned' })
  @ApiPayloadTooLargeResponse({ type: ErrorDto })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the broker did not acknowledge in time: the return may be recorded yet; eventId names it; retry with the same Idempotency-Key' })
  recordReturn(@Param('loanId') loanId: string, @Body() body: ReturnRequestDto, @CurrentCaller() caller: Caller, @IdempotencyKey() key: string | undefined): Promise<ReturnAcceptedDto> {
    return this.loans.recordReturn(loanId, body.returnedAt, caller, key);
  }

  @Post(':loanId/recall')
  @HttpCode(202)
  @PlannerWrite('approver', { idempotency: 'answers the first answer again (same eventId)' })
  @ApiOperation({
    summary: 'End a loan early (a recall)',
    description:
      'Publishes imc.loan.recalled on imc.decisions (key loanId) and answers 202 once the broker has acknowledged it. The allocator marks the loan recalled: it stops counting toward its demand at once, and its units are lendable at home after the transit days back. The proposal lists the loans worth recalling under recalls.',
  })
  @ApiAcceptedResponse({ type: RecallAcceptedDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'invalid body, with the field errors' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'no approved loan with this id' })
  @ApiConflictResponse({ type: ErrorDto, description: 'the loan is returned or recalled already' })
  @ApiPayloadTooLargeResponse({ type: ErrorDto })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the broker did not acknowledge in time: the recall may be recorded yet; eventId names it; retry with the same Idempotency-Key' })
  recall(@Param('loanId') loanId: string, @Body() body: RecallRequestDto, @CurrentCaller() caller: Caller, @IdempotencyKey() key: string | undefined): Promise<RecallAcceptedDto> {
    return this.loans.recall(loanId, body.recalledAt, body.reason, caller, key);
  }

  @Post(':loanId/extend')
  @HttpCode(202)
  @PlannerWrite('approver', { idempotency: 'answers the first answer again (same eventId)' })
  @ApiOperation({
    summary: 'Move a loan\'s return date later (v3)',
    description:
      "Publishes imc.loan.extended on imc.decisions (key loanId) and answers 202 once the broker has acknowledged it. The allocator moves the loan's returnBy; imc.loan.updated and the next proposal show the new date. Only within the consents' validity and the loan's natural end (window end + demobilization, within maxLoanDays of arrival): past a consent's validUntil the answer is 409 naming the consent to renew. A consent renewed on record moves a loan it capped by itself (the proposal's renewalsDue lists those due).",
  })
  @ApiAcceptedResponse({ type: ExtendAcceptedDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'invalid body, with the field errors' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'no approved loan with this id' })
  @ApiConflictResponse({ type: ErrorDto, description: "the loan is not under way (returned, recalled, consent-lapsed), or the date is not later than its returnBy, past a consent's validity (the message names the consent to renew) or past its natural end" })
  @ApiPayloadTooLargeResponse({ type: ErrorDto })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the broker did not acknowledge in time: the extension may be recorded yet; eventId names it; retry with the same Idempotency-Key' })
  extend(@Param('loanId') loanId: string, @Body() body: ExtendRequestDto, @CurrentCaller() caller: Caller, @IdempotencyKey() key: string | undefined): Promise<ExtendAcceptedDto> {
    return this.loans.extend(loanId, body.returnBy, body.reason, caller, key);
  }
}
