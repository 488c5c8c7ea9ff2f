import { Logger } from '@nestjs/common';
import { INPUT_TOPICS, TOPICS, errorMessage, parseMemberUserData, parseRecord } from '@imc/contracts';
import { Admin, AssignerProtocol, Consumer, EachBatchPayload, GroupMember, Kafka, PartitionAssigner, PartitionAssigners } from 'kafkajs';
import { compareClaims, isClaim, ProducerClaim } from '../leadership/claim';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import { ConsumedMessage } from './dead-letter';
import { IngestService } from './ingest.service';
import { InputMerge, MergeStep, PartitionRef, partitionKey } from './input-merge';
import { InputPositions } from '../leadership/input-positions';

/** Records buffered in one partition beyond which it is paused until the others catch up (memory bound). */
export const PAUSE_ABOVE = 2000;
/** While waiting for a partition behind: how often its end offset is asked for again. */
const REFRESH_WHILE_WAITING_MS = 250;

/** Event-time ordering across the input partitions (see InputMerge). */
export interface EventTimeGating {
  admin: Admin;
  /** IMC_INPUT_IDLE_MS: the longest a step waits for a partition behind before going on without it. */
  idleMs: number;
  metrics: AllocatorMetrics;
  /** The world's "now" in ms, undefined before any event. */
  asOfMs: () => number | undefined;
}

const PROTOCOL = 'imc-inputs';

function claimOf(member: GroupMember): ProducerClaim | undefined {
  try {
    const data = parseMemberUserData(AssignerProtocol.MemberMetadata.decode(member.memberMetadata)?.userData);
    return data.ok && isClaim(data.claim) ? data.claim : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which member of the input group reads the inputs: all of them go to the member with the latest
 * claim of the transactional id (the one producer the broker lets commit), none to the others. A
 * former leader that comes back from a pause and rejoins the group while the new leader is in it
 * is given nothing. Without any claim (not expected: only a leader joins), the smallest member id.
 */
export function inputHolder(members: readonly { memberId: string; claim: ProducerClaim | undefined }[]): string | undefined {
  const byId = (a: { memberId: string }, b: { memberId: string }): number => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0);
  const claiming = members.filter((m) => m.claim !== undefined).sort((a, b) => compareClaims(b.claim as ProducerClaim, a.claim as ProducerClaim) || byId(a, b));
  return (claiming[0] ?? [...members].sort(byId)[0])?.memberId;
}

export function inputAssigner(claim: () => ProducerClaim | undefined): PartitionAssigner {
  return ({ cluster }) => ({
    name: PROTOCOL,
    version: 1,
    protocol: ({ topics }) => ({
      name: PROTOCOL,
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.from(JSON.stringify({ claim: claim() ?? null })) }),
    }),
    assign: async ({ members, topics }) => {
      const holder = inputHolder(members.map((m) => ({ memberId: m.memberId, claim: claimOf(m) })));
      const all: Record<string, number[]> = {};
      for (const topic of topics) all[topic] = cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId);
      return members.map((m) => ({
        memberId: m.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: m.memberId === holder ? all : {}, userData: Buffer.alloc(0) }),
      }));
    },
  });
}

/**
 * The leader's consumer of the input topics, in the group `<IMC_INSTANCE>-allocator`. It commits
 * nothing itself: each record handled moves InputPositions, and the offsets are committed in the
 * transaction that publishes the plan fed by those records (LeaderPublisher, PlanningService). It
 * joins only once this allocator leads (claimed the transactional id), and leaves the group first
 * when it steps down.
 *
 * kafkajs hands batches to `eachBatch`, which only buffers them (InputMerge) and returns, so the
 * fetching and the group's heartbeats never wait on a plan. One pump takes the buffered records
 * in event-time order and handles them one at a time; a record that would move time on while a
 * partition is behind waits there (up to the idle bound), still unhandled, so its offset is not
 * committed by any plan published meanwhile.
 */
export class InputConsumer {
  private readonly logger = new Logger(InputConsumer.name);
  private consumer: Consumer | undefined;
  /** No record is handled any more (stepping down, shutting down, or a record left for the next start). */
  private halted = false;
  private readonly merge: InputMerge<ConsumedMessage>;
  private readonly paused = new Set<string>();
  private pumping: Promise<void> | undefined;
  private pumpAgain = false;
  /** Wakes the pump while it waits for a partition behind. */
  private wake: (() => void) | undefined;
  /** The wait being reported (its start), so that one wait is logged and counted once. */
  private reportedWait: number | undefined;
  /** The wait whose end offsets were asked for on its first look. */
  private refreshedFor: number | undefined;
  private lastRefresh = 0;
  /** The pump holds a record back for a partition behind. */
  private waitingNow = false;
  /** The partition whose record is being handled (its position must not move past it meanwhile). */
  private inFlight: string | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly positions: InputPositions,
    private readonly ingest: IngestService,
    /** This allocator's claim of the transactional id, said in its group metadata. */
    private readonly claim: () => ProducerClaim | undefined,
    /** A record handled that needs no plan (a duplicate, a dead letter) still has an offset to commit. */
    private readonly handled: () => void,
    /**
     * The lease's timeout: a leader killed without leaving the group loses its inputs when it
     * loses the lease, so the new leader consumes right after its takeover rather than after a
     * longer input session. Heartbeats go on while a record waits for a plan (see heartbeating).
     */
    private readonly sessionTimeoutMs = 6000,
    /** Without it (specs of other parts), records are taken in the order fetched, as before. */
    private readonly gating?: EventTimeGating,
  ) {
    // Facts of a moment before the decisions of that moment (INPUT_TOPICS lists imc.decisions
    // last), as a scenario file lists them and `plan` applies them.
    this.merge = new InputMerge<ConsumedMessage>(
      gating?.idleMs ?? 0,
      (topic) => INPUT_TOPICS.indexOf(topic as (typeof INPUT_TOPICS)[number]),
      (topic) => topic === TOPICS.decisions,
    );
  }

  get groupId(): string {
    return this.positions.consumerGroupId;
  }

  async start(): Promise<Consumer> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: this.sessionTimeoutMs,
      heartbeatInterval: Math.floor(this.sessionTimeoutMs / 5),
      // RoundRobin second: a group with an allocator of an earlier release in it (rolling upgrade) still forms.
      partitionAssigners: [inputAssigner(this.claim), PartitionAssigners.roundRobin],
      retry: { initialRetryTime: 300, retries: 30, maxRetryTime: 5000 },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...INPUT_TOPICS], fromBeginning: true });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const refs: PartitionRef[] = [];
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) for (const partition of partitions) refs.push({ topic, partition });
      this.merge.assign(refs);
      this.kick();
    });
    // A fetch of commit markers alone (a transactional producer's) never reaches eachBatch; kafkajs
    // reports it as a batch processed, and the partition's position moves past it.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (this.halted) return;
      this.merge.add(payload.topic, payload.partition, [], payload.lastOffset, String(payload.highWatermark));
      this.passControlRecords(payload.topic, payload.partition);
    });
    await consumer.run({ autoCommit: false, eachBatch: (payload) => this.buffer(payload) });
    return consumer;
  }

  /** A batch fetched: buffered, and the pump told. Never waits on a plan. */
  private async buffer({ batch, pause }: EachBatchPayload): Promise<void> {
    if (this.halted) return;
    const { topic, partition } = batch;
    const records = batch.messages.map((message) => {
      const payload: ConsumedMessage = { topic, partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers };
      return { offset: message.offset, timeMs: this.gating ? eventTimeOf(payload) : undefined, payload };
    });
    this.merge.add(topic, partition, records, batch.lastOffset(), batch.highWatermark);
    if (this.gating && this.merge.buffered(topic, partition) > PAUSE_ABOVE) {
      // Far ahead of a partition behind: fetch no more of it until the pump has taken some.
      this.paused.add(partitionKey(topic, partition));
      pause();
    }
    this.kick();
  }

  /**
   * Whether the moment the world is at may be planned: no record waits for a partition behind,
   * and no partition is behind as far as known (one that is gets its end offset asked for, so the
   * next look knows better). The debounced plan asks this; the idle bound caps how long it waits.
   */
  readyToPlan(): boolean {
    if (!this.gating || this.halted) return true;
    if (this.waitingNow) return false;
    const behind = this.merge.behind();
    if (behind.length === 0) return true;
    if (Date.now() - this.lastRefresh >= REFRESH_WHILE_WAITING_MS) {
      this.lastRefresh = Date.now();
      void this.refreshEnds(behind);
    }
    return false;
  }

  /**
   * Whether the moment the world is at looks whole: no record is being handled or waits in the
   * merge, and readyToPlan. The planning service starts its plan ahead then (a record that still
   * comes for this moment only means that plan is dropped).
   */
  looksWhole(): boolean {
    return !this.halted && this.inFlight === undefined && this.merge.totalBuffered() === 0 && this.readyToPlan();
  }

  /** Runs the pump, or has it look again if it is running. */
  private kick(): void {
    this.wake?.();
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = this.pump()
      .catch((error: unknown) => {
        // Not expected (ingest never throws for a record): stop here rather than skip a record; the next leader reads on.
        this.halted = true;
        this.logger.error({ msg: 'input pump stopped', error: error instanceof Error ? error.stack : String(error) });
      })
      .finally(() => {
        this.pumping = undefined;
        if (this.pumpAgain && !this.halted) {
          this.pumpAgain = false;
          this.kick();
        }
      });
  }

  private async pump(): Promise<void> {
    while (!this.halted) {
      this.pumpAgain = false;
      const step: MergeStep<ConsumedMessage> = this.merge.next(this.gating?.asOfMs(), Date.now());
      if (step.kind === 'empty') {
        this.waitingNow = false;
        return;
      }
      if (step.kind === 'wait') {
        this.waitingNow = true;
        await this.waitFor(step);
        continue;
      }
      this.waitingNow = false;
      if (this.gating && this.reportedWait !== undefined) this.gating.metrics.inputWaitSeconds.observe(step.waitedMs / 1000);
      for (const p of step.givenUp) {
        this.gating?.metrics.inputPartitionsGivenUp.inc({ topic: p.topic, partition: String(p.partition) });
        this.logger.warn({ msg: 'input partition given up on for this step (silent past the idle bound)', topic: p.topic, partition: p.partition, idleMs: this.gating?.idleMs, before: `${step.from.topic}/${step.from.partition}@${step.record.offset}` });
      }
      this.reportedWait = undefined;
      await this.take(step.record.payload);
      this.resumeIfDrained(step.from);
    }
  }

  /**
   * A record waits for partitions behind: their end offsets are asked for at once (usually they
   * are caught up, and the record goes on without a wait worth reporting), then again every
   * REFRESH_WHILE_WAITING_MS until a batch arrives or the bound passes.
   */
  private async waitFor(step: Extract<MergeStep<ConsumedMessage>, { kind: 'wait' }>): Promise<void> {
    if (this.refreshedFor !== step.since) {
      this.refreshedFor = step.since;
      this.lastRefresh = Date.now();
      await this.refreshEnds(step.on);
      return;
    }
    if (this.reportedWait !== step.since) {
      this.reportedWait = step.since;
      this.gating?.metrics.inputWaits.inc();
      this.logger.warn({ msg: 'waiting for input partitions behind before time moves on', on: step.on.map((p) => `${p.topic}/${p.partition}`), upToMs: step.until - step.since });
    }
    if (Date.now() - this.lastRefresh >= REFRESH_WHILE_WAITING_MS) {
      this.lastRefresh = Date.now();
      await this.refreshEnds(step.on);
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(1, Math.min(REFRESH_WHILE_WAITING_MS, step.until - Date.now())));
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  /** The end offsets of the partitions behind, and where reading a partition not fetched yet starts (committed, or the log start). */
  private async refreshEnds(behind: readonly PartitionRef[]): Promise<void> {
    const admin = this.gating?.admin;
    if (!admin) return;
    const topics = [...new Set(behind.map((p) => p.topic))];
    try {
      const committed = await admin.fetchOffsets({ groupId: this.groupId, topics });
      for (const topic of topics) {
        const ends = await admin.fetchTopicOffsets(topic);
        const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
        for (const p of ends) {
          const at = done.find((c) => c.partition === p.partition)?.offset;
          this.merge.startAt(topic, p.partition, at !== undefined && BigInt(at) >= 0n ? at : p.low);
          this.merge.learnEnd(topic, p.partition, p.high);
        }
      }
    } catch (error) {
      // A partition without a leader (a broker lost): it stays behind, and the idle bound decides.
      this.logger.warn({ msg: 'end offsets of the inputs behind not known', error: errorMessage(error) });
    }
  }

  private resumeIfDrained(from: PartitionRef): void {
    const key = partitionKey(from.topic, from.partition);
    if (!this.paused.has(key) || this.merge.buffered(from.topic, from.partition) > PAUSE_ABOVE / 2) return;
    this.paused.delete(key);
    this.consumer?.resume([{ topic: from.topic, partitions: [from.partition] }]);
  }

  private async take(message: ConsumedMessage): Promise<void> {
    if (this.halted) return;
    const { topic, partition, offset } = message;
    this.inFlight = partitionKey(topic, partition);
    try {
      await this.ingest.handle(message);
    } catch (error) {
      // Only while shutting down (a dead letter could not be published): the record is neither
      // applied nor dead-lettered, so no offset moves past it any more; it is read again after
      // the restart.
      this.halted = true;
      this.logger.warn({ msg: 'record left for the next start', topic, partition, offset, error: errorMessage(error) });
      return;
    }
    if (this.halted) return;
    this.positions.advance(topic, partition, offset);
    this.inFlight = undefined;
    this.passControlRecords(topic, partition);
    this.handled();
  }

  /**
   * A partition with every fetched record handled is handled up to its fetched position, past the
   * commit markers of a transactional producer after its last record; otherwise the committed
   * offset would stay one short of the end for good (a lag of 1 that never clears, and an input
   * that never looks caught up). Not while a record of it is being handled.
   */
  private passControlRecords(topic: string, partition: number): void {
    if (this.inFlight === partitionKey(topic, partition) || this.merge.buffered(topic, partition) > 0) return;
    const next = this.merge.fetchedNext(topic, partition);
    if (next === undefined || next <= 0n) return;
    if (this.positions.advance(topic, partition, (next - 1n).toString())) this.handled();
  }

  /** Handles no more records (their offsets stay where they are). */
  halt(): void {
    this.halted = true;
    this.wake?.();
  }

  /** Stops handling and leaves the group (LeaveGroup), so the group rebalances at once rather than after the session timeout. */
  async leave(): Promise<void> {
    this.halted = true;
    this.wake?.();
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }
}

/** A record's event time in ms, or undefined when it cannot be read (it is dead-lettered, at once). */
export function eventTimeOf(message: ConsumedMessage): number | undefined {
  const verdict = parseRecord(message.topic, message.value, message.headers);
  if (!verdict.ok) return undefined;
  const ms = Date.parse(verdict.event.time);
  return Number.isFinite(ms) ? ms : undefined;
}
