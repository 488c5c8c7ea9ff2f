import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentCaller } from '../auth/caller.decorator';
import { AuthGuard } from '../auth/auth.guard';
import { RequireRole } from '../auth/require-role.decorator';
import type { Caller } from '../auth/role';
import { ErrorDto } from '../common/error.dto';
import { WriteThrottlerGuard } from '../http/write-throttler.guard';
import { ApiIdempotencyKey, IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { ReadModelLoadedGuard } from '../read-model/read-model-loaded.guard';
import { StressTestAcceptedDto, StressTestJobDto } from './dto/stress-test-job.dto';
import { StressTestRequestDto } from './dto/stress-test-request.dto';
import { StressTestsService } from './stress-tests.service';

@ApiTags('stress-tests')
@ApiBearerAuth()
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'echoed in the response and in the log lines of the job' })
@ApiUnauthorizedResponse({ type: ErrorDto, description: 'no token, or an unknown one' })
@ApiForbiddenResponse({ type: ErrorDto, description: 'the token role is too low' })
@Controller('v1/stress-tests')
@UseGuards(AuthGuard, ReadModelLoadedGuard)
export class StressTestsController {
  constructor(private readonly stress: StressTestsService) {}

  @Post()
  @HttpCode(202)
  @RequireRole('planner')
  @UseGuards(WriteThrottlerGuard)
  @ApiOperation({
    summary: 'Start a contingency stress test on the current world',
    description: 'Samples hypothetical crises, plans each sample with the real engine on worker threads and sums them up (GET the job for progress and the report). One running job per identity, two per API process.',
  })
  @ApiAcceptedResponse({ type: StressTestAcceptedDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'samples, seed, horizonDays out of bounds, or a bad model (each field named)' })
  @ApiTooManyRequestsResponse({ type: ErrorDto, description: 'the caller has a stress test running already (one per identity), or this API process runs two (the message says which; Retry-After says when to try again), or too many writes' })
  @ApiIdempotencyKey('answers the first jobId again rather than starting a second job (this process remembers its jobs; a job is not recorded, so another process starts it afresh)')
  start(@Body() body: StressTestRequestDto, @CurrentCaller() caller: Caller, @IdempotencyKey() key: string | undefined): StressTestAcceptedDto {
    return this.stress.start(body, caller, key);
  }

  @Get(':jobId')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'A stress test: status, progress and, once done, the report' })
  @ApiOkResponse({ type: StressTestJobDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'unknown job, or one this process has forgotten' })
  get(@Param('jobId') jobId: string): StressTestJobDto {
    return this.stress.get(jobId);
  }

  @Delete(':jobId')
  @RequireRole('planner')
  @ApiOperation({ summary: 'Cancel a running stress test', description: 'The job ends as failed with error `cancelled by <who>`; its workers stop at once.' })
  @ApiOkResponse({ type: StressTestJobDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: 'the job is already done or failed' })
  cancel(@Param('jobId') jobId: string, @CurrentCaller() caller: Caller): StressTestJobDto {
    return this.stress.cancel(jobId, caller);
  }
}
