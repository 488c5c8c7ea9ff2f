import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { CloudEvent, Decision, parseOwnOutput, parseRecord, TOPICS, errorMessage } from '@imc/contracts';
import { REPLAY_TOPICS, type Positions } from '@imc/platform';
import { Admin, Consumer, IHeaders, Kafka } from 'kafkajs';
import { CompactionGuard } from '../durability/compaction-guard';
import { AllocatorState } from '../state/allocator-state';

/** Where a read stopped (libs/platform's replayTopics): topic:partition -> the next offset to read. */
export type { Positions };

const keyOf = (topic: string, partition: number): string => `${topic}:${partition}`;

/**
 * What a standby does with one record: it keeps the world the leader has, and plans nothing.
 * Inputs are applied (an invalid one is the leader's to dead-letter); proposals and loans the
 * leader published are taken as published, so the version sequence, the change-tracking of the
 * next plan and the loans already out are the leader's. A decision naming a proposal not read yet
 * (the topics are fetched independently) waits for it.
 */
export class StandbyWorld {
  private readonly parked: CloudEvent[] = [];
  applied = 0;
  /** Proposals and loans that could not be read (not an envelope with data). */
  skipped = 0;

  constructor(
    private readonly state: AllocatorState,
    private readonly compaction: CompactionGuard,
  ) {}

  take(topic: string, value: Buffer | null, key: Buffer | string | null, headers: IHeaders | undefined): void {
    if (value === null) this.compaction.observeTombstone({ topic, key, value });
    if (value === null || value.length === 0) return;
    if (topic === TOPICS.proposals || topic === TOPICS.loans) {
      // As the start-up read: a record that is not what the allocator writes is skipped. A throw
      // here would crash the standby's consumer.
      const output = parseOwnOutput(topic, value);
      try {
        if (!output.ok) this.skipped++;
        else if (output.kind === 'loan') this.state.restorePublishedLoan(output.loan);
        else {
          this.state.restoreProposal(output.proposal);
          this.retryParked();
        }
      } catch {
        this.skipped++;
      }
      return;
    }
    const parsed = parseRecord(topic, value, headers);
    if (!parsed.ok) return;
    try {
      // Not applied before its proposal is known: the world would refuse it, and remember the id.
      // Nor is any later record of the decisions topic while one waits: a return or a recall of
      // the loan that waiting approval creates would be refused ("unknown loan") and lost.
      if (this.awaitsProposal(parsed.event) || (topic === TOPICS.decisions && this.parked.length > 0)) {
        this.parked.push(parsed.event);
        return;
      }
      this.applyOne(parsed.event);
      this.compaction.observe({ topic, key, value, headers }, parsed.event);
    } catch {
      // The leader retries and dead-letters what cannot be applied; a new leader reads it again.
    }
  }

  private awaitsProposal(event: CloudEvent): boolean {
    if (event.type !== 'imc.allocation.decided') return false;
    const { proposalId } = event.data as Decision;
    return proposalId !== 'latest' && this.state.session.world.proposalLoans(proposalId) === undefined;
  }

  private applyOne(event: CloudEvent): boolean {
    const result = this.state.apply(event);
    // Refused here, it counts as seen: the live consumer of a new leader must still dead-letter it.
    if (result.status === 'rejected') this.state.noteRefused(event.id, result.reason);
    if (result.status === 'applied') this.applied++;
    return result.status === 'applied';
  }

  /**
   * Decisions still waiting for their proposal, in the order read: applied up to the first whose
   * proposal has not come, the rest kept behind it. With `all` (taking over, every proposal read),
   * all of them: the world refuses those whose proposal never came, as the leader did.
   */
  retryParked(all = false): number {
    let applied = 0;
    const queue = this.parked.splice(0);
    for (let i = 0; i < queue.length; i++) {
      if (!all && this.awaitsProposal(queue[i])) {
        this.parked.push(...queue.slice(i));
        break;
      }
      try {
        if (this.applyOne(queue[i])) applied++;
      } catch {
        // left to the live consumer of the next leader, which reads it again if it was not committed
      }
    }
    return applied;
  }

  get waiting(): number {
    return this.parked.length;
  }
}

/**
 * A standby's reader: follows every topic the allocator rebuilds from, from where the start-up read
 * stopped, with a consumer group of its own that commits nothing (so it never takes partitions
 * from the leader's input group). `catchUp` reads to the current ends (last stable offsets: a
 * transaction still open is not waited for, and a fenced one is aborted by then).
 */
export class StandbyFollower {
  private readonly logger = new Logger(StandbyFollower.name);
  private consumer: Consumer | undefined;
  private readonly groupId: string;
  /** The next offset to read, per partition, once a batch is done. */
  private readonly read: Positions = new Map();
  private stopped = false;
  private rejoinTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    groupPrefix: string,
    private readonly world: StandbyWorld,
    /** Wait before a consumer that kafkajs gave up on is replaced, as the lease's. */
    private readonly rejoinMs = 2000,
  ) {
    this.groupId = `${groupPrefix}-standby-${randomUUID()}`;
  }

  async start(from: Positions): Promise<void> {
    for (const [key, offset] of from) this.read.set(key, offset);
    await this.follow();
  }

  private async follow(): Promise<void> {
    const from: Positions = new Map(this.read);
    const consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false, sessionTimeout: 30_000, maxWaitTimeInMs: 500 });
    this.consumer = consumer;
    consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
      // Also for a batch of transaction markers only, which never reaches eachBatch.
      const next = BigInt(e.payload.lastOffset) + 1n;
      const key = keyOf(e.payload.topic, e.payload.partition);
      if (next > (this.read.get(key) ?? 0n)) this.read.set(key, next);
    });
    consumer.on(consumer.events.CRASH, (e) => {
      if (e.payload.restart || this.stopped || consumer !== this.consumer) return;
      // kafkajs gave up for good (e.g. no group coordinator while the brokers are away): a standby
      // that stopped following would take over with a stale world. A new consumer goes on from
      // what was read; the group commits nothing, so the seeks say where.
      this.logger.error({ msg: 'standby consumer stopped; following again', error: String(e.payload.error), rejoinMs: this.rejoinMs });
      this.scheduleRejoin();
    });
    await consumer.connect();
    await consumer.subscribe({ topics: REPLAY_TOPICS, fromBeginning: true });
    const running = consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) this.world.take(batch.topic, m.value, m.key, m.headers);
      },
    });
    // As the planner-api's read model does: run() creates the group before its first await, so
    // these seeks apply to the first fetch, which starts where the start-up read stopped.
    for (const [key, offset] of from) {
      const i = key.lastIndexOf(':');
      consumer.seek({ topic: key.slice(0, i), partition: Number(key.slice(i + 1)), offset: offset.toString() });
    }
    await running;
  }

  private scheduleRejoin(): void {
    clearTimeout(this.rejoinTimer);
    this.rejoinTimer = setTimeout(() => void this.rejoin(), this.rejoinMs);
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
      this.logger.error({ msg: 'standby consumer could not follow again; trying again', error: errorMessage(error), rejoinMs: this.rejoinMs });
      this.scheduleRejoin();
    }
  }

  /** Reads until every partition is at its current end (bounded), then stops the consumer. */
  async catchUpAndStop(timeoutMs: number): Promise<void> {
    const ends: Positions = new Map();
    for (const topic of REPLAY_TOPICS) for (const p of await this.admin.fetchTopicOffsets(topic)) ends.set(keyOf(topic, p.partition), BigInt(p.high));
    const deadline = Date.now() + timeoutMs;
    const behind = (): string[] => [...ends.entries()].filter(([key, end]) => (this.read.get(key) ?? 0n) < end).map(([key]) => key);
    while (behind().length > 0) {
      if (Date.now() > deadline) throw new Error(`the standby did not catch up within ${timeoutMs / 1000} s (${behind().join(', ')})`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.stop();
    this.logger.log({ msg: 'standby caught up', applied: this.world.applied, waiting: this.world.waiting, skipped: this.world.skipped });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.rejoinTimer);
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect().catch(() => undefined);
    await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
  }
}
