import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { TOPICS, errorMessage } from '@imc/contracts';
import { AppConfig, ConsumerHealth, ConsumerVerdict, KAFKA, KAFKA_ADMIN, Readiness, REPLAY_TOPICS, replayTopics, TopicFollower, TopicPlacement, TopicReader, watchLag } from '@imc/platform';
import { Admin, IHeaders, Kafka } from 'kafkajs';
import { ApiMetrics } from '../metrics/api-metrics';
import { PlannerView } from './planner-view';

/**
 * Keeps the read model: at start it reads every topic from the beginning to its current end (in
 * write order, so a decision follows the proposal it answers), then follows the topics live with a
 * consumer group of its own that starts exactly where the start-up read stopped. Ready only after
 * both. Kafka is the only store: a restarted API rebuilds the same view.
 */
@Injectable()
export class ReadModelService implements Readiness, OnApplicationShutdown {
  private readonly logger = new Logger(ReadModelService.name);
  readonly view = new PlannerView();
  private loadedAt: string | undefined;
  private consuming = false;
  private follower: TopicFollower | undefined;
  private closing = false;
  private readonly groupId: string;
  /** `${topic}:${partition}` -> first offset the live consumer must apply. */
  private readonly liveFrom = new Map<string, bigint>();
  private bootstrapRecords = 0;
  private readonly health: ConsumerHealth;
  private stopLagWatch: (() => void) | undefined;
  private readonly allowLossyTopics: boolean;
  private readonly placement: TopicPlacement;
  /** Wait before a live consumer that kafkajs gave up on is replaced (as the allocator's lease). */
  rejoinMs = 2000;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    private readonly reader: TopicReader,
    private readonly metrics: ApiMetrics,
    config: AppConfig,
  ) {
    this.groupId = `${config.IMC_INSTANCE}-planner-api-live-${randomUUID()}`;
    this.allowLossyTopics = config.allowLossyTopics;
    this.placement = config.topicPlacement;
    this.health = new ConsumerHealth({ stallMs: config.IMC_CONSUMER_STALL_MS });
  }

  async start(): Promise<void> {
    const started = Date.now();
    // The live consumer starts at the ends taken before the read (see replayTopics).
    const { ends, records } = await replayTopics(this.admin, this.reader, { allowLossyTopics: this.allowLossyTopics, placement: this.placement }, this.logger);
    for (const [key, offset] of ends) this.liveFrom.set(key, offset);
    // Every proposal first, as the allocator does at start-up: a decision is resolved against the
    // proposal it names, which must be known whatever order the topics come back in.
    const ordered = [...records.filter((r) => r.topic === TOPICS.proposals), ...records.filter((r) => r.topic !== TOPICS.proposals)];
    for (const r of ordered) {
      this.apply(r.topic, r.message.value, r.message.headers);
      const key = `${r.topic}:${r.partition}`;
      const next = BigInt(r.offset) + 1n;
      if (next > (this.liveFrom.get(key) ?? 0n)) this.liveFrom.set(key, next);
    }
    this.bootstrapRecords = records.length;
    this.loadedAt = new Date().toISOString();
    this.logger.log({ msg: 'read model loaded', ms: Date.now() - started, records: records.length, proposals: this.view.proposalCount(), decisions: this.view.decisionCount(), asOf: this.view.world.asOf ?? null });
    await this.follow();
  }

  private async follow(): Promise<void> {
    if (this.closing) return;
    this.follower = new TopicFollower(this.kafka, {
      groupId: this.groupId,
      topics: REPLAY_TOPICS,
      fromBeginning: false,
      // Committed, so that a consumer kafkajs restarts resumes where it was, and its lag is measurable.
      commit: true,
      sessionTimeout: 15000,
      heartbeatInterval: 3000,
      rejoinMs: this.rejoinMs,
      name: 'live consumer',
      onRecord: (topic, _partition, message) => {
        this.apply(topic, message.value, message.headers);
        this.health.progress();
      },
      onConsumer: (consumer) => this.health.attach(consumer),
      onRunning: () => {
        this.consuming = true;
        this.startLagWatch();
      },
      // The read model would answer from a view that no longer moves until a new consumer runs.
      onLost: () => {
        this.consuming = false;
      },
    });
    await this.follower.start(this.liveFrom);
  }

  private startLagWatch(): void {
    this.stopLagWatch?.();
    // Records waiting for the live consumer, so that readiness can tell a stalled one. A failed
    // measurement is the broker away: /health/ready says so through its own Kafka check.
    this.stopLagWatch = watchLag(
      this.admin,
      this.groupId,
      REPLAY_TOPICS,
      (lag) => {
        this.health.recordLag(lag.reduce((n, p) => n + p.lag, 0));
        this.verdict();
      },
      () => undefined,
    );
  }

  private apply(topic: string, value: Buffer | null, headers?: IHeaders): void {
    if (value === null || value.length === 0) return;
    const outcome = this.view.applyRecord(topic, value, headers);
    this.metrics.recordsRead.inc({ topic, outcome });
    this.metrics.proposals.set(this.view.proposalCount());
  }

  loaded(): boolean {
    return this.loadedAt !== undefined && this.consuming && this.verdict().ok;
  }

  /** The consumer's verdict, also on /metrics (imc_consumer_ready, imc_consumer_problem). */
  private verdict(): ConsumerVerdict {
    return this.metrics.consumer.record(this.health.verdict());
  }

  detail(): Record<string, unknown> {
    const consumer = this.verdict();
    return { ...(this.consuming && consumer.reason ? { message: consumer.reason } : {}), consumer, loadedAt: this.loadedAt ?? null, consuming: this.consuming, records: this.bootstrapRecords, ...this.view.counts, proposals: this.view.proposalCount(), asOf: this.view.world.asOf ?? null };
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.consuming = false;
    this.stopLagWatch?.();
    await this.follower?.stop();
    await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
  }
}
