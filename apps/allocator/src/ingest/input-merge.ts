/**
 * Event time across the input partitions, as Kafka Streams reads several partitions into one task
 * (`max.task.idle.ms`): records are buffered per partition in offset order, the one with the
 * earliest event time among the partitions' heads goes first, and a record that moves time past
 * the world's "now" is taken only once no partition can still deliver something earlier, that is
 * once every assigned partition either has a record buffered (its head is no earlier, since the
 * earliest head goes first), is caught up to its end offset, or has been waited for longer than
 * the idle bound (given up on for that step).
 *
 * Plain data and no Kafka: InputConsumer feeds it from kafkajs batches and the admin's end
 * offsets, and handles what `next` returns. A record in a buffer is not handled, so its offset is
 * not in InputPositions and no transaction commits past it.
 */

export interface MergeRecord<T> {
  offset: string;
  /** Event time in ms; undefined for a record with no readable time (dead-lettered without waiting). */
  timeMs: number | undefined;
  payload: T;
}

export interface PartitionRef {
  topic: string;
  partition: number;
}

interface PartitionBuffer<T> extends PartitionRef {
  records: { record: MergeRecord<T>; seq: number; at: number }[];
  /** Next offset after every record fetched (buffered or handled), control records included. */
  fetchedNext: bigint | undefined;
  /** The partition's end offset (high watermark), as last learned, and when (ms). */
  end: bigint | undefined;
  endAt: number;
}

export type MergeStep<T> =
  | { kind: 'record'; from: PartitionRef; record: MergeRecord<T>; /** Partitions given up on for this step, after the idle bound. */ givenUp: PartitionRef[]; /** How long the step waited, ms (0 when it did not). */ waitedMs: number }
  | { kind: 'wait'; on: PartitionRef[]; /** When the wait began (ms), and when the idle bound ends it. */ since: number; until: number }
  | { kind: 'empty' };

export const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export class InputMerge<T> {
  private readonly partitions = new Map<string, PartitionBuffer<T>>();
  private seq = 0;
  /** The wait in progress: for which head record, and since when. */
  private waiting: { seq: number; since: number } | undefined;

  /**
   * @param order Among records of one event time, which topic's go first (lower first): the facts
   *   of a moment before the decisions judged against them, whatever order they arrived in.
   * @param judged Topics whose records are judged against the world of their moment (decisions,
   *   returns, extensions): such a record waits for partitions behind as a record that moves time
   *   does, so that a fact of its own moment still on the broker is applied before it.
   */
  constructor(
    private readonly idleMs: number,
    private readonly order: (topic: string) => number = () => 0,
    private readonly judged: (topic: string) => boolean = () => false,
  ) {}

  /** The partitions assigned now: buffers of the others are dropped (their records are read again by whoever gets them). */
  assign(refs: readonly PartitionRef[]): void {
    const keep = new Set(refs.map((r) => partitionKey(r.topic, r.partition)));
    for (const key of [...this.partitions.keys()]) if (!keep.has(key)) this.partitions.delete(key);
    for (const r of refs) this.buffer(r.topic, r.partition);
    this.waiting = undefined;
  }

  /**
   * Records fetched from a partition, in offset order, with the batch's last offset (control
   * records included) and high watermark. Records before the fetched position (read again after
   * a rebalance or a seek) are skipped: they are buffered or handled already.
   */
  add(topic: string, partition: number, records: readonly MergeRecord<T>[], lastOffset?: string, highWatermark?: string, nowMs = Date.now()): void {
    const b = this.buffer(topic, partition);
    for (const record of records) {
      const offset = BigInt(record.offset);
      if (b.fetchedNext !== undefined && offset < b.fetchedNext) continue;
      b.records.push({ record, seq: this.seq++, at: nowMs });
      b.fetchedNext = offset + 1n;
    }
    if (lastOffset !== undefined && (b.fetchedNext === undefined || BigInt(lastOffset) + 1n > b.fetchedNext)) b.fetchedNext = BigInt(lastOffset) + 1n;
    if (highWatermark !== undefined) this.learnEnd(topic, partition, highWatermark, nowMs);
  }

  /** Where reading a partition starts (its committed offset), before any record of it is fetched. */
  startAt(topic: string, partition: number, offset: string): void {
    const b = this.buffer(topic, partition);
    const at = BigInt(offset);
    if (b.fetchedNext === undefined || at > b.fetchedNext) b.fetchedNext = at;
  }

  /**
   * A partition's end offset as the broker said it at `nowMs` (never moves back). It counts for a
   * record waiting only if learned no earlier than that record arrived: an end learned before may
   * be stale (records written since to a partition whose leader is lost are not caught up with).
   */
  learnEnd(topic: string, partition: number, end: string, nowMs = Date.now()): void {
    const b = this.buffer(topic, partition);
    const at = BigInt(end);
    if (b.end === undefined || at > b.end) b.end = at;
    b.endAt = Math.max(b.endAt, nowMs);
  }

  /**
   * The offset after everything fetched of a partition, control records included (a transactional
   * producer's commit markers, which never reach a reader), or undefined before anything is known.
   */
  fetchedNext(topic: string, partition: number): bigint | undefined {
    return this.partitions.get(partitionKey(topic, partition))?.fetchedNext;
  }

  /** Records buffered in one partition (for pausing a partition that runs far ahead). */
  buffered(topic: string, partition: number): number {
    return this.partitions.get(partitionKey(topic, partition))?.records.length ?? 0;
  }

  totalBuffered(): number {
    let n = 0;
    for (const b of this.partitions.values()) n += b.records.length;
    return n;
  }

  /** Assigned partitions with nothing buffered that are not known to be caught up (with an end learned at `since` or later). */
  behind(since = -Infinity): PartitionRef[] {
    const out: PartitionRef[] = [];
    for (const b of this.partitions.values()) if (b.records.length === 0 && !(caughtUp(b) && b.endAt >= since)) out.push({ topic: b.topic, partition: b.partition });
    return out;
  }

  /**
   * What to handle next, the world's "now" being `asOfMs` (undefined before any event): the
   * earliest head, at once when it does not move time past now; otherwise only when no partition
   * is behind, or, for those that are, once the idle bound has passed since the wait began.
   * The record returned is removed from its buffer.
   */
  next(asOfMs: number | undefined, nowMs: number): MergeStep<T> {
    let head: { b: PartitionBuffer<T>; seq: number; at: number; record: MergeRecord<T>; rank: number } | undefined;
    for (const b of this.partitions.values()) {
      const first = b.records[0];
      if (first === undefined) continue;
      const rank = this.order(b.topic);
      if (head === undefined || earlier({ ...first, rank }, head)) head = { b, seq: first.seq, at: first.at, record: first.record, rank };
    }
    if (head === undefined) {
      this.waiting = undefined;
      return { kind: 'empty' };
    }
    const movesTime = head.record.timeMs !== undefined && (asOfMs === undefined || head.record.timeMs > asOfMs);
    const judgedNow = head.record.timeMs !== undefined && this.judged(head.b.topic);
    let givenUp: PartitionRef[] = [];
    let waitedMs = 0;
    if (movesTime || judgedNow) {
      const behind = this.behind(head.at);
      if (behind.length > 0) {
        if (this.waiting?.seq !== head.seq) this.waiting = { seq: head.seq, since: nowMs };
        const until = this.waiting.since + this.idleMs;
        if (nowMs < until) return { kind: 'wait', on: behind, since: this.waiting.since, until };
        givenUp = behind;
      }
      if (this.waiting?.seq === head.seq) waitedMs = nowMs - this.waiting.since;
    }
    this.waiting = undefined;
    head.b.records.shift();
    return { kind: 'record', from: { topic: head.b.topic, partition: head.b.partition }, record: head.record, givenUp, waitedMs };
  }

  private buffer(topic: string, partition: number): PartitionBuffer<T> {
    const key = partitionKey(topic, partition);
    let b = this.partitions.get(key);
    if (!b) {
      b = { topic, partition, records: [], fetchedNext: undefined, end: undefined, endAt: -Infinity };
      this.partitions.set(key, b);
    }
    return b;
  }
}

function caughtUp(b: { fetchedNext: bigint | undefined; end: bigint | undefined }): boolean {
  return b.fetchedNext !== undefined && b.end !== undefined && b.fetchedNext >= b.end;
}

/** Earlier event time first; a record without a time (to be dead-lettered) first of all; then the topic's order; then arrival order. */
function earlier<T>(a: { record: MergeRecord<T>; seq: number; rank: number }, b: { record: MergeRecord<T>; seq: number; rank: number }): boolean {
  const ta = a.record.timeMs ?? -Infinity;
  const tb = b.record.timeMs ?? -Infinity;
  if (ta !== tb) return ta < tb;
  return a.rank !== b.rank ? a.rank < b.rank : a.seq < b.seq;
}
