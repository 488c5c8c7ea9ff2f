import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { CloudEvent, Decision, parseOwnOutput, parseRecord, TOPICS } from '@imc/contracts';
import { REPLAY_TOPICS, TopicFollower, type Positions } from '@imc/platform';
import { Admin, IHeaders, Kafka } from 'kafkajs';
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
 * from the leader's input group), through libs/platform's TopicFollower. `catchUp` reads to the
 * current ends (last stable offsets: a transaction still open is not waited for, and a fenced one
 * is aborted by then).
 */
export class StandbyFollower {
  private readonly logger = new Logger(StandbyFollower.name);
  private readonly groupId: string;
  private readonly follower: TopicFollower;

  constructor(
    kafka: Kafka,
    private readonly admin: Admin,
    groupPrefix: string,
    private readonly world: StandbyWorld,
    /** Wait before a consumer that kafkajs gave up on is replaced, as the lease's. */
    rejoinMs = 2000,
  ) {
    this.groupId = `${groupPrefix}-standby-${randomUUID()}`;
    this.follower = new TopicFollower(kafka, {
      groupId: this.groupId,
      topics: REPLAY_TOPICS,
      fromBeginning: true,
      commit: false,
      sessionTimeout: 30_000,
      maxWaitTimeInMs: 500,
      rejoinMs,
      name: 'standby consumer',
      onRecord: (topic, _partition, m) => this.world.take(topic, m.value, m.key, m.headers),
    });
  }

  async start(from: Positions): Promise<void> {
    await this.follower.start(from);
  }

  /** Reads until every partition is at its current end (bounded), then stops the consumer. */
  async catchUpAndStop(timeoutMs: number): Promise<void> {
    const ends: Positions = new Map();
    for (const topic of REPLAY_TOPICS) for (const p of await this.admin.fetchTopicOffsets(topic)) ends.set(keyOf(topic, p.partition), BigInt(p.high));
    const deadline = Date.now() + timeoutMs;
    const behind = (): string[] => [...ends.entries()].filter(([key, end]) => (this.follower.positions.get(key) ?? 0n) < end).map(([key]) => key);
    while (behind().length > 0) {
      if (Date.now() > deadline) throw new Error(`the standby did not catch up within ${timeoutMs / 1000} s (${behind().join(', ')})`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.stop();
    this.logger.log({ msg: 'standby caught up', applied: this.world.applied, waiting: this.world.waiting, skipped: this.world.skipped });
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
  }
}
