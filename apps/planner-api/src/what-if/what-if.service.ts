import { availableParallelism } from 'node:os';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, PoolBusyError, type WorkerPool } from '@imc/platform';
import { whatIfWorkerPool, type WhatIfOutput, type WhatIfTask } from '@imc/workers';
import { ApiError } from '../http/api-error';
import { currentCorrelationId } from '../http/request-context';
import { keyedRequest } from '../idempotency/idempotency-key';
import { RecentAnswers } from '../idempotency/recent-answers';
import type { Caller } from '../auth/role';
import { ApiMetrics } from '../metrics/api-metrics';
import { PLANNING_SCOPE } from '../read-model/planner-view';
import { ReadModelService } from '../read-model/read-model.service';
import { WhatIfProposalDto } from './dto/what-if-proposal.dto';

/** What-ifs planned at once: one core is left to the event loop (reads, health, the read model). */
export const WHAT_IF_WORKERS = Math.max(1, Math.min(4, availableParallelism() - 1));
/** What-ifs waiting for a worker; beyond them a what-if is refused with 429 and Retry-After. */
export const WHAT_IF_QUEUE = 8;

/**
 * The same engine as the allocator and the command line, run on a copy of the current World plus
 * the caller's events, re-planning as time advances exactly as a replay would. Planning runs on
 * worker threads (WHAT_IF_WORKERS at once, WHAT_IF_QUEUE more waiting), never on the event loop:
 * twenty what-ifs of 1,000 ticks used to hold every read and the health check for 34 s.
 * Publishes nothing: the copy is dropped when the answer is sent.
 */
@Injectable()
export class WhatIfService implements OnModuleDestroy {
  private readonly logger = new Logger(WhatIfService.name);
  /** First answers of keyed what-ifs: a retry gets the same proposal, not one of a later world. */
  private readonly answers = new RecentAnswers<WhatIfProposalDto>(100);
  private pool?: WorkerPool<WhatIfTask, WhatIfOutput>;
  /** Recent what-ifs' planning time, for the Retry-After of a refused one. */
  private meanMs = 2000;

  constructor(
    private readonly readModel: ReadModelService,
    private readonly config: AppConfig,
    private readonly metrics: ApiMetrics,
  ) {}

  /** Workers and queue; a spec makes them small before the first what-if. */
  limits = { workers: WHAT_IF_WORKERS, queue: WHAT_IF_QUEUE };

  async run(events: Record<string, unknown>[], caller?: Caller, idempotencyKey?: string): Promise<WhatIfProposalDto> {
    const keyed = caller ? keyedRequest(caller.identity, idempotencyKey, 'POST /v1/what-if', { events }) : undefined;
    const first = this.answers.earlier(keyed);
    if (first) return first;
    const answer = await this.plan(events);
    this.answers.remember(keyed, answer);
    return answer;
  }

  private async plan(events: Record<string, unknown>[]): Promise<WhatIfProposalDto> {
    const pool = this.workers();
    if (pool.load.running + pool.load.queued >= this.limits.workers + this.limits.queue) throw this.busy(pool);
    const started = Date.now();
    const world = this.readModel.view.world;
    const basedOn = world.latestProposal;
    // The pool's own queue bound (maxQueue) refuses too, should a task slip past the count above.
    const run = await pool.run({ world: world.snapshot(), scope: PLANNING_SCOPE, events, engine: this.config.IMC_SOLVER }).catch((error: unknown) => {
      throw error instanceof PoolBusyError ? this.busy(pool) : error;
    });
    if (run.kind === 'invalid') {
      const errors = run.errors.map((e) => ({ field: `events[${e.index}]`, messages: [e.reason] }));
      throw ApiError.invalid(`invalid events: ${errors.map((e) => e.field).join(', ')}`, errors);
    }
    const proposal = run.proposal ?? basedOn;
    if (!proposal) throw ApiError.notFound('nothing to plan: the world holds no state yet');
    const ms = Date.now() - started;
    this.meanMs = this.meanMs * 0.8 + ms * 0.2;
    this.metrics.whatIfSeconds.observe(ms / 1000);
    this.logger.log({ msg: 'what-if planned', events: events.length, proposals: run.proposals, ms, correlationId: currentCorrelationId() });
    // Line n of the joined text is event n - 1.
    const lines = (list: { line: number; reason: string }[]) => list.map((l) => ({ index: l.line - 1, reason: l.reason }));
    return {
      ...proposal,
      status: 'pending',
      decisions: [],
      currency: run.currency,
      whatIf: { basedOn: basedOn?.proposalId ?? null, events: events.length, changed: run.proposals > 0, rejected: lines(run.rejected), notes: lines(run.notes), ms },
    };
  }

  /** 429 with a Retry-After from the mean what-if time and the tasks ahead. */
  private busy(pool: WorkerPool<WhatIfTask, WhatIfOutput>): ApiError {
    const { running, queued } = pool.load;
    const retryAfter = Math.min(120, Math.max(1, Math.ceil(((running + queued) * this.meanMs) / this.limits.workers / 1000)));
    this.metrics.whatIfRefused.inc();
    return ApiError.busy(`too many what-ifs: ${running} planning and ${queued} waiting, the most this API process takes (${this.limits.workers} at once, ${this.limits.queue} waiting); retry in ${retryAfter} s`, retryAfter);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.close();
  }

  private workers(): WorkerPool<WhatIfTask, WhatIfOutput> {
    this.pool ??= whatIfWorkerPool(this.limits.workers, this.limits.queue);
    return this.pool;
  }
}
