import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { cloudEvent, TOPICS } from '@imc/contracts';
import type { PlanOutcome } from '@imc/domain';
import { AppConfig, EventPublisher, OutgoingRecord, retryTransient } from '@imc/platform';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import { AllocatorState } from '../state/allocator-state';

/**
 * Debounced re-planning: changes ask for a plan; the plan runs once the stream has been quiet
 * for the debounce time, one at a time. A proposal is published only when it differs from the
 * last one; loan lifecycle changes are published with it.
 */
@Injectable()
export class PlanningService {
  private readonly logger = new Logger(PlanningService.name);
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private again = false;
  private enabled = false;
  private stopping = false;
  /** Event-loop delay, sampled every 10 ms: reset before each plan and read after it. */
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private worstLoopDelayMs = 0;

  constructor(
    private readonly state: AllocatorState,
    private readonly publisher: EventPublisher,
    private readonly metrics: AllocatorMetrics,
    private readonly config: AppConfig,
  ) {}

  /** Nothing is planned or published until the state is fully loaded. */
  enable(): void {
    this.enabled = true;
    this.loopDelay.enable();
  }

  schedule(): void {
    if (!this.enabled || this.stopping) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runNow(), this.config.IMC_DEBOUNCE_MS);
  }

  /** Plans now (or right after the plan in flight) and resolves when that plan is published. */
  async runNow(): Promise<void> {
    clearTimeout(this.timer);
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.planAndPublish().finally(() => {
      this.inFlight = undefined;
      if (this.again && !this.stopping) {
        this.again = false;
        void this.runNow();
      }
    });
    return this.inFlight;
  }

  /** Nothing planned, pending or in flight: the last proposal reflects every event applied. */
  isIdle(): boolean {
    return this.inFlight === undefined && !this.state.hasUnplannedChanges();
  }

  /** Resolves when no plan is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  /** Graceful shutdown: no new plans; the plan in flight finishes and is published. */
  async drain(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.inFlight;
    this.loopDelay.disable();
  }

  private async planAndPublish(): Promise<void> {
    if (!this.state.hasUnplannedChanges()) return;
    const started = process.hrtime.bigint();
    this.loopDelay.reset();
    let outcome: PlanOutcome;
    try {
      outcome = await this.state.plan();
    } catch (error) {
      this.logger.error(`planning failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const { proposal, changed } = outcome;
    this.metrics.planDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    // The histogram holds no sample until a 10 ms period has passed; then max is in nanoseconds.
    const loopDelayMs = this.loopDelay.count > 0 ? this.loopDelay.max / 1e6 : 0;
    this.worstLoopDelayMs = Math.max(this.worstLoopDelayMs, loopDelayMs);
    this.metrics.planEventLoopDelay.set(this.worstLoopDelayMs / 1000);
    this.metrics.solverStatus.inc({ status: proposal.solver.status });

    const records: OutgoingRecord[] = [];
    if (changed) records.push({ topic: TOPICS.proposals, key: proposal.scope, value: this.envelope('imc.allocation.proposed', proposal.proposalId, proposal.asOf, proposal) });
    const loans = this.state.pendingLoanUpdates();
    for (const loan of loans) {
      records.push({ topic: TOPICS.loans, key: loan.loanId, value: this.envelope('imc.loan.updated', `${loan.loanId}:${loan.version}`, this.state.asOf(), loan) });
    }
    if (records.length === 0) return;
    try {
      await retryTransient(
        () => this.publisher.publish(records),
        (error, attempt) => this.logger.warn(`publish failed (attempt ${attempt}), retrying: ${error instanceof Error ? error.message : String(error)}`),
        () => false,
      );
    } catch (error) {
      // The broker refused for good (e.g. a record over the topic's size limit): say so loudly and
      // keep serving; nothing is marked published, so the next plan offers the loans again.
      this.metrics.publishFailures.inc();
      this.logger.error(`proposal ${proposal.proposalId} not published: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    // Only what the broker acknowledged counts as published.
    this.state.markLoansPublished(loans);
    if (changed) {
      this.state.accept(proposal);
      this.metrics.proposalsPublished.inc();
      const worker = this.state.lastPlan;
      this.logger.log(
        JSON.stringify({
          msg: 'proposal published',
          proposalId: proposal.proposalId,
          loans: proposal.loans.length,
          unmet: proposal.unmet.length,
          solver: proposal.solver.status,
          solveMs: proposal.solver.solveMs,
          ...(worker ? { buildMs: Math.round(worker.buildMs), planMs: Math.round(worker.planMs), components: worker.components, reused: worker.reused } : {}),
          eventLoopMaxMs: Math.round(loopDelayMs),
        }),
      );
    }
  }

  private envelope(type: string, id: string, time: string, data: object): object {
    return cloudEvent({ id, source: '/imc/allocator', type, time, data });
  }
}
