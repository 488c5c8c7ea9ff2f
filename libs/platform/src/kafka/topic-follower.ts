import { Logger } from '@nestjs/common';
import { errorMessage } from '@imc/contracts';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Positions } from './topic-replay';

export interface FollowOptions {
  groupId: string;
  topics: string[];
  /**
   * Where a partition without a position starts. Every partition the start-up read saw has one
   * (the seeks below); this is for a partition that came after.
   */
  fromBeginning: boolean;
  /** Commit offsets as records are handled (the group's lag is then measurable), or commit nothing. */
  commit: boolean;
  sessionTimeout: number;
  heartbeatInterval?: number;
  maxWaitTimeInMs?: number;
  /** Wait before a consumer that kafkajs gave up on is replaced. */
  rejoinMs: number;
  /** What the log lines call this consumer, e.g. `standby consumer`. */
  name: string;
  /** One record, in its partition's order, never one before the follower's position. */
  onRecord(topic: string, partition: number, message: KafkaMessage): void;
  /** A consumer made (the first, or one after a rejoin), before it connects: to watch its events. */
  onConsumer?(consumer: Consumer): void;
  /** That consumer runs, its seeks applied. */
  onRunning?(): void;
  /** kafkajs gave up on the consumer for good; a new one follows after `rejoinMs`. */
  onLost?(): void;
}

/**
 * Follows topics live from where a read stopped, for both apps (the standby allocator, the
 * planner-api's read model): a consumer group of its own, seeked to the positions at every
 * (re)start, the positions moved on per record handled and per batch (a batch of transaction
 * markers only never reaches the handler but ends where it ends). When kafkajs gives up on the
 * consumer for good (e.g. no group coordinator while the brokers are away), a new one follows
 * from the positions; a crash kafkajs restarts itself is left to it.
 */
export class TopicFollower {
  private readonly logger: Logger;
  /** The next offset to read, per partition. */
  readonly positions: Positions = new Map();
  private consumer: Consumer | undefined;
  private stopped = false;
  private rejoinTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: FollowOptions,
  ) {
    this.logger = new Logger(`TopicFollower ${options.name}`);
  }

  async start(from: Positions): Promise<void> {
    for (const [key, offset] of from) this.positions.set(key, offset);
    await this.follow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.rejoinTimer);
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect().catch(() => undefined);
  }

  private moveTo(topic: string, partition: number, next: bigint): void {
    const key = `${topic}:${partition}`;
    if (next > (this.positions.get(key) ?? 0n)) this.positions.set(key, next);
  }

  private async follow(): Promise<void> {
    const { groupId, topics, fromBeginning, commit, sessionTimeout, heartbeatInterval, maxWaitTimeInMs, onRecord } = this.options;
    const from: Positions = new Map(this.positions);
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout, ...(heartbeatInterval ? { heartbeatInterval } : {}), ...(maxWaitTimeInMs ? { maxWaitTimeInMs } : {}) });
    this.consumer = consumer;
    this.options.onConsumer?.(consumer);
    consumer.on(consumer.events.END_BATCH_PROCESS, (e) => this.moveTo(e.payload.topic, e.payload.partition, BigInt(e.payload.lastOffset) + 1n));
    consumer.on(consumer.events.CRASH, (e) => {
      if (e.payload.restart || this.stopped || consumer !== this.consumer) return;
      this.logger.error({ msg: `${this.options.name} stopped; following again`, error: String(e.payload.error), rejoinMs: this.options.rejoinMs });
      this.options.onLost?.();
      this.scheduleRejoin();
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning });
    const running = consumer.run({
      autoCommit: commit,
      eachBatch: async ({ batch, resolveOffset }) => {
        for (const message of batch.messages) {
          const key = `${batch.topic}:${batch.partition}`;
          // A consumer kafkajs restarted resumes from the last commit, or the beginning: what
          // was handled already is not handed over again.
          if (BigInt(message.offset) >= (this.positions.get(key) ?? 0n)) {
            onRecord(batch.topic, batch.partition, message);
            this.moveTo(batch.topic, batch.partition, BigInt(message.offset) + 1n);
          }
          resolveOffset(message.offset);
        }
      },
    });
    // run() creates the group before its first await, so these seeks apply to the first fetch.
    for (const [key, offset] of from) {
      const i = key.lastIndexOf(':');
      consumer.seek({ topic: key.slice(0, i), partition: Number(key.slice(i + 1)), offset: offset.toString() });
    }
    await running;
    this.options.onRunning?.();
  }

  private scheduleRejoin(): void {
    clearTimeout(this.rejoinTimer);
    this.rejoinTimer = setTimeout(() => void this.rejoin(), this.options.rejoinMs);
  }

  private async rejoin(): Promise<void> {
    if (this.stopped) return;
    const old = this.consumer;
    this.consumer = undefined;
    await old?.disconnect().catch(() => undefined);
    if (this.stopped) return;
    try {
      await this.follow();
    } catch (error) {
      this.logger.error({ msg: `${this.options.name} could not follow again; trying again`, error: errorMessage(error), rejoinMs: this.options.rejoinMs });
      this.scheduleRejoin();
    }
  }
}
