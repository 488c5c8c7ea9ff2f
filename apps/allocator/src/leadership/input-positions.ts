import type { InputOffsets } from './leader-publisher';

const keyOf = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/**
 * How far the leader's input consumer has handled each input partition (applied, or found a
 * duplicate, stale or dead-lettered), and how far that is committed. Offsets are committed only in
 * the transaction that publishes a plan (or, with nothing to publish, a transaction of offsets
 * alone), never by the consumer: PlanningService takes `pending()` when a plan starts, when every
 * record handled so far is applied to the world the plan reads, so the offsets committed with a
 * plan are those of records that fed it, and a record applied after the plan started is committed
 * with a later one. A fenced leader's transaction aborts, and its offsets with it.
 */
export class InputPositions {
  /** Next offset to read, per partition, after the records handled. */
  private readonly handled = new Map<string, { topic: string; partition: number; next: bigint }>();
  private readonly committed = new Map<string, bigint>();

  constructor(readonly consumerGroupId: string) {}

  /** The record at `offset` is handled: it is in the world, or needs nothing from it. Whether the position moved. */
  advance(topic: string, partition: number, offset: string): boolean {
    const next = BigInt(offset) + 1n;
    const key = keyOf(topic, partition);
    // A rebalance makes kafkajs read again from the committed offset: never move back.
    if (next <= (this.handled.get(key)?.next ?? -1n)) return false;
    this.handled.set(key, { topic, partition, next });
    return true;
  }

  /** The offsets handled and not committed yet, as sendOffsets takes them; undefined when none. */
  pending(): InputOffsets | undefined {
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const [key, { topic, partition, next }] of this.handled) {
      if (next <= (this.committed.get(key) ?? -1n)) continue;
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset: next.toString() }]);
    }
    if (byTopic.size === 0) return undefined;
    return { consumerGroupId: this.consumerGroupId, topics: [...byTopic.entries()].map(([topic, partitions]) => ({ topic, partitions })) };
  }

  /** The transaction carrying `offsets` committed. */
  committedUpTo(offsets: InputOffsets): void {
    for (const { topic, partitions } of offsets.topics) {
      for (const { partition, offset } of partitions) {
        const key = keyOf(topic, partition);
        const at = BigInt(offset);
        if (at > (this.committed.get(key) ?? -1n)) this.committed.set(key, at);
      }
    }
  }
}
