import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { PlannerRead, PlannerWrite } from '../auth/planner-endpoint.decorator';
import { CurrentCaller } from '../auth/caller.decorator';
import type { Caller } from '../auth/role';
import { ErrorDto } from '../common/error.dto';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { StressTestAcceptedDto, StressTestJobDto } from './dto/stress-test-job.dto';
import { StressTestRequestDto } from './dto/stress-test-request.dto';
import { StressTestsService } from './stress-tests.service';

@ApiTags('stress-tests')
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'echoed in the response and in the log lines of the job' })
@Controller('v1/stress-tests')
export class StressTestsController {
  constructor(private readonly stress: StressTestsService) {}

  @Post()
  @HttpCode(202)
  @PlannerWrite('planner', { idempotency: 'answers the first jobId again rather than starting a second job (this process remembers its jobs; a job is not recorded, so another process starts it afresh)' })
  @ApiOperation({
    summary: 'Start a contingency stress test on the current world',
    description: 'Samples hypothetical crises, plans each sample with the real engine on worker threads and sums them up (GET the job for progress and the report). One running job per identity, two per API process.',
  })
  @ApiAcceptedResponse({ type: StressTestAcceptedDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'samples, seed, horizonDays out of bounds, or a bad model (each field named)' })
  @ApiTooManyRequestsResponse({ type: ErrorDto, description: 'the caller has a stress test running already (one per identity), or this API process runs two (the message says which; Retry-After says when to try again), or too many writes' })
  start(@Body() body: StressTestRequestDto, @CurrentCaller() caller: Caller, @IdempotencyKey() key: string | undefined): StressTestAcceptedDto {
    return this.stress.start(body, caller, key);
  }

  @Get(':jobId')
  @PlannerRead('viewer')
  @ApiOperation({ summary: 'A stress test: status, progress and, once done, the report' })
  @ApiOkResponse({ type: StressTestJobDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'unknown job, or one this process has forgotten' })
  get(@Param('jobId') jobId: string): StressTestJobDto {
    return this.stress.get(jobId);
  }

  @Delete(':jobId')
  @PlannerWrite('planner', { throttled: false })
  @ApiOperation({ summary: 'Cancel a running stress test', description: 'The job ends as failed with error `cancelled by <who>`; its workers stop at once.' })
  @ApiOkResponse({ type: StressTestJobDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: 'the job is already done or failed' })
  cancel(@Param('jobId') jobId: string, @CurrentCaller() caller: Caller): StressTestJobDto {
    return this.stress.cancel(jobId, caller);
  }
}
