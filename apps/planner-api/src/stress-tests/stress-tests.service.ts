import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { StressReport } from '@imc/contracts';
import { batchContext, DEFAULT_HORIZON_DAYS, resolveCrisisModel, type StressProgress } from '@imc/domain';
import { AppConfig, createStressPool, runStressOnPool, type StressPool } from '@imc/platform';
import type { Caller } from '../auth/role';
import { ApiError } from '../http/api-error';
import { currentCorrelationId } from '../http/request-context';
import { keyedRequest } from '../idempotency/idempotency-key';
import { RecentAnswers } from '../idempotency/recent-answers';
import { ReadModelService } from '../read-model/read-model.service';
import type { StressTestRequestDto } from './dto/stress-test-request.dto';
import type { StressTestAcceptedDto, StressTestJobDto } from './dto/stress-test-job.dto';

/** Finished jobs kept for GET; older ones are forgotten (404). */
export const KEPT_JOBS = 20;

interface Job {
  jobId: string;
  status: 'running' | 'done' | 'failed';
  progress: { done: number; total: number };
  report?: StressReport;
  error?: string;
  startedAt: number;
  abort: AbortController;
  cancelledBy?: string;
}

/**
 * Stress tests run by the API: the current world (as the read model holds it when the request
 * comes) is sampled and planned on a pool of worker threads, so the event loop only merges
 * results and keeps answering. One heavy job per API process at a time: another request gets 429
 * with a Retry-After estimated from the running job's pace. Jobs live in memory (a restarted API
 * has none; the report is a function of the world and the seed, so it can be asked for again).
 */
@Injectable()
export class StressTestsService implements OnModuleDestroy {
  private readonly logger = new Logger(StressTestsService.name);
  private readonly jobs = new Map<string, Job>();
  /** The job a keyed start made: a retry gets that job again, never a second one. */
  private readonly started = new RecentAnswers<StressTestAcceptedDto>(1000);
  private pool?: StressPool;

  constructor(
    private readonly readModel: ReadModelService,
    private readonly config: AppConfig,
  ) {}

  start(body: StressTestRequestDto, caller: Caller, idempotencyKey?: string): StressTestAcceptedDto {
    const keyed = keyedRequest(caller.identity, idempotencyKey, 'POST /v1/stress-tests', body);
    const first = this.started.earlier(keyed);
    if (first) return first;
    const model = resolveCrisisModel(body.model);
    if (!model.ok) throw ApiError.invalid(`invalid request: ${model.errors.map((e) => e.field).join(', ')}`, model.errors);
    const params = { samples: body.samples, seed: body.seed, horizonDays: body.horizonDays ?? DEFAULT_HORIZON_DAYS, model: model.model };
    const world = this.readModel.view.world;
    const context = batchContext(world, params);
    if ('unknownMissions' in context) {
      throw ApiError.invalid('invalid request: model.missions', [{ field: 'model.missions', messages: [`not missions of the world: ${context.unknownMissions.join(', ')}`] }]);
    }
    const running = [...this.jobs.values()].find((j) => j.status === 'running');
    if (running) {
      throw ApiError.busy(`stress test ${running.jobId} is running (${running.progress.done}/${running.progress.total}); one at a time per API process`, this.retryAfter(running));
    }

    const job: Job = { jobId: `stress-${keyed?.eventId ?? randomUUID()}`, status: 'running', progress: { done: 0, total: params.samples }, startedAt: Date.now(), abort: new AbortController() };
    this.jobs.set(job.jobId, job);
    this.forgetOldJobs();
    const correlationId = currentCorrelationId();
    this.logger.log({ msg: 'stress test started', jobId: job.jobId, samples: params.samples, seed: params.seed, horizonDays: params.horizonDays, by: caller.identity, asOf: context.ctx.asOf, correlationId });
    // The world is copied (a snapshot for the workers) before this returns: later events do not change the run.
    const run = runStressOnPool(this.workers(), world, context.ctx, {
      engine: this.config.IMC_SOLVER,
      signal: job.abort.signal,
      onProgress: (p: StressProgress) => {
        job.progress = { done: p.done, total: p.total };
      },
    });
    run.then(
      (report) => {
        job.status = 'done';
        job.report = report;
        this.logger.log({ msg: 'stress test done', jobId: job.jobId, samples: report.samples, ms: Date.now() - job.startedAt, correlationId });
      },
      (error: unknown) => {
        job.status = 'failed';
        job.error = job.cancelledBy ? `cancelled by ${job.cancelledBy}` : error instanceof Error ? error.message : String(error);
        const log = { msg: job.cancelledBy ? 'stress test cancelled' : 'stress test failed', jobId: job.jobId, error: job.error, correlationId };
        if (job.cancelledBy) this.logger.log(log);
        else this.logger.error(log);
      },
    );
    this.started.remember(keyed, { jobId: job.jobId });
    return { jobId: job.jobId };
  }

  get(jobId: string): StressTestJobDto {
    return this.view(this.find(jobId));
  }

  /** Stops a running job: its queued batches are dropped and its running ones end with their workers. */
  cancel(jobId: string, caller: Caller): StressTestJobDto {
    const job = this.find(jobId);
    if (job.status !== 'running') throw ApiError.conflict(`stress test ${jobId} is ${job.status}: nothing to cancel`);
    job.cancelledBy = caller.identity;
    job.status = 'failed';
    job.error = `cancelled by ${caller.identity}`;
    job.abort.abort();
    return this.view(job);
  }

  async onModuleDestroy(): Promise<void> {
    for (const job of this.jobs.values()) if (job.status === 'running') job.abort.abort();
    await this.pool?.close();
  }

  private workers(): StressPool {
    this.pool ??= createStressPool(Math.max(1, availableParallelism()));
    return this.pool;
  }

  private find(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw ApiError.notFound(`no stress test ${jobId} (this API process keeps the last ${KEPT_JOBS})`);
    return job;
  }

  private view(job: Job): StressTestJobDto {
    return {
      jobId: job.jobId,
      status: job.status,
      progress: { ...job.progress },
      ...(job.report ? { report: job.report } : {}),
      ...(job.error ? { error: job.error } : {}),
    };
  }

  /** Seconds until the running job should be done, at its pace so far; 10 before it has any. */
  private retryAfter(job: Job): number {
    const elapsed = (Date.now() - job.startedAt) / 1000;
    if (job.progress.done === 0) return 10;
    const left = ((job.progress.total - job.progress.done) * elapsed) / job.progress.done;
    return Math.min(600, Math.max(1, Math.ceil(left)));
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status !== 'running');
    for (const job of finished.slice(0, Math.max(0, this.jobs.size - KEPT_JOBS))) this.jobs.delete(job.jobId);
  }
}
