import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { cloudEvent, TOPICS, errorMessage } from '@imc/contracts';
import type { PlanOutcome } from '@imc/domain';
import { AppConfig, EventPublisher, OutgoingRecord, retryTransient } from '@imc/platform';
import { InputPositions } from '../leadership/input-positions';
import type { InputOffsets } from '../leadership/leader-publisher';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import { AllocatorState } from '../state/allocator-state';

/** What plans are published through: LeaderPublisher, which commits `inputs` in the same transaction. */
export interface PlanPublisher {
  publish(records: OutgoingRecord[], inputs?: InputOffsets): Promise<void>;
}

/** A plan started ahead of the debounce (see PlanningService.planAhead). */
interface AheadPlan {
  outcome: PlanOutcome;
  stamp: number;
  /** How long it took to plan, for imc_plan_duration_seconds. */
  seconds: number;
}

/**
 * Debounced re-planning: changes ask for a plan; the plan runs once the stream has been quiet
 * for the debounce time, one at a time. A proposal is published only when it differs from the
 * last one; loan lifecycle changes are published with it.
 *
 * Planning ahead: once every record fetched is handled and no input partition is behind (the
 * moment looks whole), the plan of the world as it is starts at once, while the debounce runs.
 * When the debounce ends (or time moves on) and nothing was applied since that plan started, it is
 * the plan: it is published as a plan started then would have been, only sooner. If something was
 * applied meanwhile it is dropped and the world planned again (the components it solved are kept
 * by the worker for that plan). What is published, and when in the stream, does not change.
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
    @Inject(EventPublisher) private readonly publisher: PlanPublisher,
    private readonly metrics: AllocatorMetrics,
    private readonly config: AppConfig,
    /** The leader's input positions: their offsets are committed with the plan they fed. */
    @Optional() private readonly inputs?: InputPositions,
  ) {}

  /** Nothing is planned or published until the state is fully loaded. */
  enable(): void {
    this.enabled = true;
    this.loopDelay.enable();
  }

  /**
   * Whether the moment the world is at may be planned now (the input consumer's: no input
   * partition behind). A debounced plan is put off while it says no, for IMC_INPUT_IDLE_MS at
   * most; a plan because time moves on (runNow) was already waited for by the consumer.
   */
  private gate: (() => boolean) | undefined;
  private deferredSince: number | undefined;
  /** Whether the moment looks whole (the input consumer's: nothing fetched waits, none behind). */
  private settled: (() => boolean) | undefined;
  /** The plan started ahead, until a plan adopts or drops it. */
  private ahead: Promise<AheadPlan | undefined> | undefined;
  private aheadAsked = false;

  gateBy(gate: (() => boolean) | undefined): void {
    this.gate = gate;
  }

  /** Plans ahead once `settled` says the moment looks whole; without it (the default) never. */
  planAheadWhen(settled: (() => boolean) | undefined): void {
    this.settled = settled;
  }

  schedule(): void {
    if (!this.enabled || this.stopping) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.debounced(), this.config.IMC_DEBOUNCE_MS);
    // Asked once the record in hand is handled (its offset moved), not while it is being applied.
    if (this.settled && !this.aheadAsked) {
      this.aheadAsked = true;
      setImmediate(() => {
        this.aheadAsked = false;
        this.planAhead();
      });
    }
  }

  /** Starts the plan ahead, when nothing else plans and the moment looks whole. */
  private planAhead(): void {
    if (!this.enabled || this.stopping || this.inFlight || this.ahead || !this.state.hasUnplannedChanges() || !this.settled?.()) return;
    const started = process.hrtime.bigint();
    this.loopDelay.reset();
    this.ahead = this.state.planAhead().then(
      ({ outcome, stamp }) => ({ outcome, stamp, seconds: Number(process.hrtime.bigint() - started) / 1e9 }),
      (error: unknown) => {
        // Nothing is lost: the world still has its unplanned changes, and the debounced plan runs.
        this.logger.warn({ msg: 'planning ahead failed', error: errorMessage(error) });
        return undefined;
      },
    );
  }

  /** The plan ahead if it is the plan of the world as it is now; dropped otherwise. */
  private async takeAhead(): Promise<AheadPlan | undefined> {
    if (!this.ahead) return undefined;
    const plan = await this.ahead;
    this.ahead = undefined;
    if (!plan) return undefined;
    const adopted = this.state.adopt(plan.stamp);
    this.metrics.plansAhead.inc({ outcome: adopted ? 'adopted' : 'dropped' });
    return adopted ? plan : undefined;
  }

  private debounced(): void {
    if (this.gate && !this.gate()) {
      this.deferredSince ??= Date.now();
      if (Date.now() - this.deferredSince < this.config.IMC_INPUT_IDLE_MS) {
        this.schedule();
        return;
      }
    }
    this.deferredSince = undefined;
    void this.runNow();
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
    return this.inFlight === undefined && this.ahead === undefined && !this.state.hasUnplannedChanges();
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
    // A plan ahead nobody adopted: the worker finishes it before it is closed; nothing is published.
    await this.ahead;
    this.ahead = undefined;
    this.loopDelay.disable();
  }

  private async planAndPublish(): Promise<void> {
    // Adopted, the plan ahead is the plan of the world as it is now: nothing was applied since it
    // started (a record handled since changed nothing, and its offset goes with this plan).
    // Without one, nothing is awaited before the offsets are taken.
    const ahead = this.ahead ? await this.takeAhead() : undefined;
    // Taken before planning: every input handled so far is in the world this plan reads (nothing
    // is applied while a plan runs), so these offsets are committed in the transaction that
    // publishes it, and never before; a record applied after this point waits for the next plan.
    const inputs = this.inputs?.pending();
    let outcome: PlanOutcome;
    let planSeconds: number;
    if (ahead) {
      outcome = ahead.outcome;
      planSeconds = ahead.seconds;
    } else {
      if (!this.state.hasUnplannedChanges()) return this.commitInputs(inputs);
      const started = process.hrtime.bigint();
      this.loopDelay.reset();
      try {
        outcome = await this.state.plan();
      } catch (error) {
        this.logger.error({ msg: 'planning failed', error: errorMessage(error) });
        return;
      }
      planSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    }
    const { proposal, changed } = outcome;
    this.metrics.planDuration.observe(planSeconds);
    // The histogram holds no sample until a 10 ms period has passed; then max is in nanoseconds.
    const loopDelayMs = this.loopDelay.count > 0 ? this.loopDelay.max / 1e6 : 0;
    this.worstLoopDelayMs = Math.max(this.worstLoopDelayMs, loopDelayMs);
    this.metrics.planEventLoopDelay.set(this.worstLoopDelayMs / 1000);
    this.metrics.solverStatus.inc({ status: proposal.solver.status });

    const records: OutgoingRecord[] = [];
    // Late events applied before this plan started are in it: it names them (field omitted when none).
    const late = changed ? this.state.lateEvents() : [];
    if (late.length > 0) proposal.lateEvents = late;
    if (changed) records.push({ topic: TOPICS.proposals, key: proposal.scope, value: this.envelope('imc.allocation.proposed', proposal.proposalId, proposal.asOf, proposal) });
    const loans = this.state.pendingLoanUpdates();
    for (const loan of loans) {
      records.push({ topic: TOPICS.loans, key: loan.loanId, value: this.envelope('imc.loan.updated', `${loan.loanId}:${loan.version}`, this.state.asOf(), loan) });
    }
    if (records.length === 0) return this.commitInputs(inputs);
    try {
      await retryTransient(
        () => this.publisher.publish(records, inputs),
        (error, attempt) => this.logger.warn({ msg: 'publish failed, retrying', attempt, error: errorMessage(error) }),
        () => false,
      );
    } catch (error) {
      // The broker refused for good (e.g. a record over the topic's size limit): say so loudly and
      // keep serving; nothing is marked published, so the next plan offers the loans again.
      this.metrics.publishFailures.inc();
      this.logger.error({ msg: 'proposal not published', proposalId: proposal.proposalId, error: errorMessage(error) });
      return;
    }
    // Only what the broker acknowledged counts as published.
    if (inputs) this.inputs?.committedUpTo(inputs);
    this.state.markLoansPublished(loans);
    if (changed) {
      this.state.lateNamed(late);
      this.state.accept(proposal);
      this.metrics.proposalsPublished.inc();
      const worker = this.state.lastPlan;
      this.logger.log({
        msg: 'proposal published',
        proposalId: proposal.proposalId,
        loans: proposal.loans.length,
        unmet: proposal.unmet.length,
        solver: proposal.solver.status,
        solveMs: proposal.solver.solveMs,
        ...(ahead ? { plannedAhead: true } : {}),
        ...(worker ? { buildMs: Math.round(worker.buildMs), planMs: Math.round(worker.planMs), components: worker.components, reused: worker.reused } : {}),
        eventLoopMaxMs: Math.round(loopDelayMs),
      });
    }
  }

  /**
   * Input records whose plan publishes nothing new (the plan is unchanged, or they were
   * duplicates, stale or dead-lettered): their offsets alone make the transaction.
   */
  private async commitInputs(inputs: InputOffsets | undefined): Promise<void> {
    if (!inputs) return;
    try {
      await retryTransient(
        () => this.publisher.publish([], inputs),
        (error, attempt) => this.logger.warn({ msg: 'committing input offsets failed, retrying', attempt, error: errorMessage(error) }),
        () => this.stopping,
      );
      this.inputs?.committedUpTo(inputs);
    } catch (error) {
      // Not leading any more, or shutting down: the records are read again by the next leader and
      // ignored as duplicates.
      this.logger.warn({ msg: 'input offsets not committed', error: errorMessage(error) });
    }
  }

  private envelope(type: string, id: string, time: string, data: object): object {
    return cloudEvent({ id, source: '/imc/allocator', type, time, data });
  }
}
