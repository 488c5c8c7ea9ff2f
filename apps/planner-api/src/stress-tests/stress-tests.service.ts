import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import type { StressReport } from '@imc/contracts';
import { batchContext, DEFAULT_HORIZON_DAYS, resolveCrisisModel, type StressProgress } from '@imc/domain';
import { AppConfig } from '@imc/platform';
import { createStressPool, runStressOnPool, type StressPool } from '@imc/workers';
import type { Caller } from '../auth/role';
import { ApiError } from '../http/api-error';
import { currentCorrelationId } from '../http/request-context';
import { keyedRequest } from '../idempotency/idempotency-key';
import { RecentAnswers } from '../idempotency/recent-answers';
import { ApiMetrics } from '../metrics/api-metrics';
import { ReadModelService } from '../read-model/read-model.service';
import type { StressTestRequestDto } from './dto/stress-test-request.dto';
import type { StressTestAcceptedDto, StressTestJobDto } from './dto/stress-test-job.dto';
import { errorMessage } from '@imc/contracts';

/** Finished jobs kept for GET; older ones are forgotten (404). */
export const KEPT_JOBS = 20;
/** Jobs running at once in one API process, each on a pool of its own; beyond them 429. */
export const MAX_STRESS_JOBS = 2;
/** Jobs one identity may have running at once: one planner's job never makes everyone else's a 429. */
export const MAX_STRESS_JOBS_PER_IDENTITY = 1;

interface Job {
  jobId: string;
  status: 'running' | 'done' | 'failed';
  progress: { done: number; total: number };
  report?: StressReport;
  error?: string;
  startedAt: number;
  abort: AbortController;
  cancelledBy?: string;
  /** The identity that started it. */
  owner: string;
}

/**
 * Stress tests run by the API: the current world (as the read model holds it when the request
 * comes) is sampled and planned on a pool of worker threads, so the event loop only merges
 * results and keeps answering. Each identity may run MAX_STRESS_JOBS_PER_IDENTITY job at a time
 * and the process MAX_STRESS_JOBS, each job on a worker pool of its own (so two jobs share the
 * machine rather than one waiting behind every batch of the other); a request beyond either cap
 * gets 429 saying which, with a Retry-After estimated from the running jobs' pace. Jobs live in
 * memory (a restarted API has none; the report is a function of the world and the seed, so it can
 * be asked for again).
 */
@Injectable()
export class StressTestsService implements OnModuleDestroy {
  private readonly logger = new Logger(StressTestsService.name);
  private readonly jobs = new Map<string, Job>();
  /** The job a keyed start made: a retry gets that job again, never a second one. */
  private readonly started = new RecentAnswers<StressTestAcceptedDto>(1000);
  /** Pools of finished jobs, ready for the next one. */
  private readonly idlePools: StressPool[] = [];
  private readonly pools = new Set<StressPool>();

  constructor(
    private readonly readModel: ReadModelService,
    private readonly config: AppConfig,
    @Optional() private readonly metrics?: ApiMetrics,
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
    this.refuseBeyondCaps(caller);

    const job: Job = { jobId: `stress-${keyed?.eventId ?? randomUUID()}`, status: 'running', progress: { done: 0, total: params.samples }, startedAt: Date.now(), abort: new AbortController(), owner: caller.identity };
    this.jobs.set(job.jobId, job);
    this.forgetOldJobs();
    const correlationId = currentCorrelationId();
    this.logger.log({ msg: 'stress test started', jobId: job.jobId, samples: params.samples, seed: params.seed, horizonDays: params.horizonDays, by: caller.identity, asOf: context.ctx.asOf, correlationId });
    // The world is copied (a snapshot for the workers) before this returns: later events do not change the run.
    const pool = this.takePool();
    const run = runStressOnPool(pool, world, context.ctx, {
      engine: this.config.IMC_SOLVER,
      signal: job.abort.signal,
      onProgress: (p: StressProgress) => {
        job.progress = { done: p.done, total: p.total };
      },
    });
    void run.finally(() => this.returnPool(pool)).catch(() => undefined);
    run.then(
      (report) => {
        job.status = 'done';
        job.report = report;
        this.logger.log({ msg: 'stress test done', jobId: job.jobId, samples: report.samples, ms: Date.now() - job.startedAt, correlationId });
      },
      (error: unknown) => {
        job.status = 'failed';
        job.error = job.cancelledBy ? `cancelled by ${job.cancelledBy}` : errorMessage(error);
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
    await Promise.all([...this.pools].map((p) => p.close()));
  }

  /** 429 naming the cap a new job of this caller would pass: the caller's own, or the process's. */
  private refuseBeyondCaps(caller: Caller): void {
    const running = [...this.jobs.values()].filter((j) => j.status === 'running');
    const own = running.filter((j) => j.owner === caller.identity);
    if (own.length >= MAX_STRESS_JOBS_PER_IDENTITY) {
      this.metrics?.limitRefusals.inc({ what: 'stress-test', cap: 'identity' });
      const first = own[0];
      throw ApiError.busy(
        `${caller.identity} has stress test ${first.jobId} running (${first.progress.done}/${first.progress.total}), the most one identity may run at once (${MAX_STRESS_JOBS_PER_IDENTITY}); wait for it or cancel it`,
        Math.min(...own.map((j) => this.retryAfter(j))),
      );
    }
    if (running.length >= MAX_STRESS_JOBS) {
      this.metrics?.limitRefusals.inc({ what: 'stress-test', cap: 'process' });
      throw ApiError.busy(
        `${running.length} stress tests are running in this API process (${running.map((j) => j.jobId).join(', ')}), the most it runs at once (${MAX_STRESS_JOBS}, at most ${MAX_STRESS_JOBS_PER_IDENTITY} per identity)`,
        Math.min(...running.map((j) => this.retryAfter(j))),
      );
    }
  }

  private takePool(): StressPool {
    const pool = this.idlePools.pop() ?? createStressPool(Math.max(1, availableParallelism()));
    this.pools.add(pool);
    return pool;
  }

  /** A finished job's pool waits for the next job; beyond MAX_STRESS_JOBS idle ones are closed. */
  private returnPool(pool: StressPool): void {
    if (this.idlePools.length < MAX_STRESS_JOBS) {
      this.idlePools.push(pool);
      return;
    }
    this.pools.delete(pool);
    void pool.close();
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
