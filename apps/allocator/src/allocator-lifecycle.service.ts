import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { INPUT_TOPICS, parseOwnOutput, parseRecord, TOPICS, errorMessage } from '@imc/contracts';
import { AppConfig, ConsumerHealth, ConsumerVerdict, EventPublisher, KAFKA, KAFKA_ADMIN, Positions, Readiness, replayTopics, TopicReader, watchLag } from '@imc/platform';
import { Admin, Consumer, Kafka } from 'kafkajs';
import { highsRuntime } from '@imc/optimizer';
import { CompactionGuard } from './durability/compaction-guard';
import { LeadershipService } from './leadership/leadership.service';
import { IngestService } from './ingest/ingest.service';
import { InputConsumer } from './ingest/input-consumer';
import { InputPositions } from './leadership/input-positions';
import { AllocatorMetrics } from './metrics/allocator-metrics';
import { PlanningService } from './planning/planning.service';
import { AllocatorState } from './state/allocator-state';

const LAG_INTERVAL_MS = 5000;

/** Start-up gives up (exit 1, one line) after this long without reading the topics. */
const READ_RETRY_MS = 60_000;

/**
 * Start-up and shutdown in order. Start: topics exist, the state is rebuilt from the topics
 * (inputs, the last proposals and the loans already published), one plan is made, and only then
 * the service is ready. Shutdown: no new plans, the plan in flight is published, the producer
 * flushed, the clients disconnected.
 */
@Injectable()
export class AllocatorLifecycle implements Readiness, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(AllocatorLifecycle.name);
  private loadedAt: string | undefined;
  private live = false;
  private restored = { events: 0, skipped: 0, failed: 0, proposals: 0, loans: 0 };
  private stopLagWatch: (() => void) | undefined;
  private readonly consumer = new ConsumerHealth();
  private inputs: InputConsumer | undefined;

  constructor(
    private readonly reader: TopicReader,
    private readonly state: AllocatorState,
    private readonly planning: PlanningService,
    private readonly ingest: IngestService,
    private readonly publisher: EventPublisher,
    private readonly config: AppConfig,
    private readonly metrics: AllocatorMetrics,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    private readonly compaction: CompactionGuard,
    private readonly leadership: LeadershipService,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly positions: InputPositions,
  ) {}

  /**
   * Rebuilds the state from the topics and returns where the read stopped (a standby follows from
   * there). Publishes and plans nothing: that is the leader's, in becomeLeader.
   */
  async loadState(): Promise<Positions> {
    // HiGHS is WebAssembly: compile it now rather than in the first plan that needs it.
    const warm = highsRuntime();
    // The planning worker starts (and compiles HiGHS) while the topics are read.
    // A warm-up that fails costs the first plan its speed, never the start.
    const warmWorker = this.state.warmUp().then(
      (figures) => this.logger.log({ msg: 'planning worker warmed up', ...figures }),
      (error: unknown) => this.logger.warn({ msg: 'the planning worker did not warm up: its first plan will be slower', error: errorMessage(error) }),
    );
    const started = Date.now();
    // A standby follows from the ends taken before the read (see replayTopics).
    const { created, ends: from, records } = await replayTopics(this.admin, this.reader, { allowLossyTopics: this.config.allowLossyTopics, placement: this.config.topicPlacement, giveUpAfterMs: READ_RETRY_MS }, this.logger);
    if (created.length > 0) this.logger.log({ msg: 'created topics', topics: created });
    // Every proposal and published loan first: a decision is resolved against the proposal it
    // names, which must be known whatever the order the topics are read in (as it is live, where a
    // proposal is always published before a decision can name it).
    const inputs: typeof records = [];
    for (const record of records) {
      const value = record.message.value;
      // A tombstone stays in its place among the inputs: the compaction guard's, in order.
      if (value === null) inputs.push(record);
      if (value === null || value.length === 0) continue;
      if (record.topic === TOPICS.proposals || record.topic === TOPICS.loans) this.restoreOwnOutput(record.topic, value);
      else inputs.push(record);
    }
    for (const record of inputs) {
      const value = record.message.value;
      if (value === null) {
        this.compaction.observeTombstone({ topic: record.topic, key: record.message.key, value });
        continue;
      }
      const parsed = parseRecord(record.topic, value, record.message.headers);
      // Invalid records are left to the live consumer, which dead-letters those it has not committed past.
      if (!parsed.ok) {
        this.restored.skipped++;
        continue;
      }
      try {
        const result = this.state.apply(parsed.event);
        if (result.status === 'rejected') this.state.noteRefused(parsed.event.id, result.reason);
        this.compaction.observe({ topic: record.topic, key: record.message.key, value, headers: record.message.headers }, parsed.event);
        this.restored.events++;
      } catch (error) {
        // A record that cannot be applied must not keep the service from starting; live, the
        // same record was retried and dead-lettered.
        this.restored.failed++;
        this.logger.warn({ msg: 'record not restored', topic: record.topic, offset: record.offset, error: errorMessage(error) });
      }
    }
    this.loadedAt = new Date().toISOString();
    this.logger.log({ msg: 'state loaded', ms: Date.now() - started, records: records.length, ...this.restored, asOf: this.state.asOf() });
    await warm;
    await warmWorker;
    return from;
  }

  /** This allocator now leads, its state caught up: what was due while no one published, then a plan. */
  async becomeLeader(): Promise<void> {
    // A stale version written while we were down must not be the latest record on its key when compacted.
    await this.compaction.flush(this.publisher);
    this.planning.enable();
    await this.planning.runNow();
  }

  /**
   * This allocator leads (it claimed the transactional id): consume the inputs in the allocator
   * group, committing their offsets only with the plans they feed, and watch the consumer.
   */
  async startInputs(): Promise<void> {
    if (!this.leadership.publisher.currentClaim) throw new Error('the input consumer starts only once the transactional id is claimed');
    const inputs = new InputConsumer(this.kafka, this.positions, this.ingest, () => this.leadership.publisher.currentClaim, () => this.planning.schedule(), this.config.IMC_LEASE_TIMEOUT_MS, {
      admin: this.admin,
      idleMs: this.config.IMC_INPUT_IDLE_MS,
      metrics: this.metrics,
      asOfMs: () => {
        const asOf = this.state.session.world.asOf;
        return asOf === undefined ? undefined : Date.parse(asOf);
      },
    });
    this.inputs = inputs;
    this.planning.gateBy(() => inputs.readyToPlan());
    this.planning.planAheadWhen(() => inputs.looksWhole());
    this.markLive(await inputs.start());
  }

  /** Leaves the input group (stepping down): no record is handled from here on, and the group rebalances at once. */
  async leaveInputs(): Promise<void> {
    this.live = false;
    await this.inputs?.leave();
  }

  /** The live consumer runs: from now on readiness also says whether it keeps up. */
  markLive(consumer?: Consumer): void {
    if (consumer) {
      this.consumer.attach(consumer);
      consumer.on(consumer.events.CRASH, (e) => {
        // kafkajs gave up for good (e.g. no group coordinator while the brokers are away). Leading
        // on without consuming would hold the lease and plan nothing new, with the standby kept
        // out: step down, so that the standby takes over or a supervisor restarts this one.
        if (!e.payload.restart && this.live) this.leadership.stepDown(`the input consumer stopped: ${String(e.payload.error)}`);
      });
    }
    this.live = true;
    this.stopLagWatch?.();
    // Consumer lag for /metrics and readiness, measured from the broker's side every few seconds.
    this.stopLagWatch = watchLag(
      this.admin,
      `${this.config.IMC_INSTANCE}-allocator`,
      INPUT_TOPICS,
      (lag) => {
        for (const p of lag) this.metrics.consumerLag.set({ topic: p.topic, partition: String(p.partition) }, p.lag);
        this.consumer.recordLag(lag.reduce((n, p) => n + p.lag, 0));
        this.publishVerdict();
      },
      (error) => this.logger.debug({ msg: 'consumer lag not measured', error: errorMessage(error) }),
      LAG_INTERVAL_MS,
    );
  }

  /** Ready: a leader once it consumes and keeps up; a standby once it follows (warm, publishing nothing). */
  loaded(): boolean {
    if (this.loadedAt === undefined) return false;
    if (this.leadership.role === 'standby') return true;
    return this.leadership.role === 'leader' && this.live && this.publishVerdict().ok;
  }

  detail(): Record<string, unknown> {
    const consumer = this.publishVerdict();
    const role = this.leadership.role;
    const why = role === 'leader' ? (consumer.reason && this.live ? { message: consumer.reason } : {}) : role === 'standby' ? {} : { message: `allocator ${role}` };
    return { role, loadedAt: this.loadedAt ?? null, consuming: this.live, consumer, ...why, ...this.restored };
  }

  /** The consumer's verdict, also on /metrics (imc_consumer_ready, imc_consumer_problem). */
  private publishVerdict(): ConsumerVerdict {
    return this.metrics.consumer.record(this.consumer.verdict());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.live = false;
    this.stopLagWatch?.();
    // Stop consuming first: the plan in flight is then published with the offsets of the records
    // that fed it, and records read after are left to the next leader.
    this.inputs?.halt();
    this.ingest.shutdown();
    await this.planning.drain();
    await this.inputs?.leave().catch((error: unknown) => this.logger.warn({ msg: 'leaving the input group failed', error: errorMessage(error) }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.leadership.stop();
    await this.publisher.disconnect();
    await this.admin.disconnect().catch(() => undefined);
  }

  private restoreOwnOutput(topic: string, value: Buffer): void {
    const output = parseOwnOutput(topic, value);
    try {
      if (output.ok && output.kind === 'proposal') {
        this.state.restoreProposal(output.proposal);
        this.restored.proposals++;
      } else if (output.ok) {
        this.state.restorePublishedLoan(output.loan);
        this.restored.loans++;
      } else {
        this.restored.skipped++;
      }
    } catch {
      this.restored.skipped++;
    }
  }
}
