import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { INPUT_TOPICS, TOPICS } from '@imc/contracts';
import { Admin, Kafka, KafkaMessage } from 'kafkajs';

export interface StoredRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  message: KafkaMessage;
}

/**
 * Topic order for ties: inputs as the contract lists them, then the allocator's proposals and
 * loans, then decisions (a decision always follows the proposal it answers).
 */
export const REPLAY_TOPICS: string[] = [...INPUT_TOPICS.filter((t) => t !== TOPICS.decisions), TOPICS.proposals, TOPICS.loans, TOPICS.decisions];

/**
 * Reads topics from the beginning up to the end offsets seen at start, with a throw-away consumer
 * group, and hands the records back merged in the order they were written: each partition in
 * offset order, partitions interleaved by message timestamp. This is how a restarted service
 * rebuilds its state: Kafka is the only store.
 */
export class TopicReader {
  private readonly logger = new Logger(TopicReader.name);

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    /** Prefix of the throw-away consumer group's id. */
    private readonly groupPrefix: string,
  ) {}

  async readAll(topics: string[] = REPLAY_TOPICS, onProgress?: (read: number, total: number) => void): Promise<StoredRecord[]> {
    const ends = new Map<string, bigint>();
    const starts = new Map<string, bigint>();
    let total = 0n;
    for (const topic of topics) {
      for (const p of await this.admin.fetchTopicOffsets(topic)) {
        const key = `${topic}:${p.partition}`;
        ends.set(key, BigInt(p.high));
        starts.set(key, BigInt(p.low));
        total += BigInt(p.high) - BigInt(p.low);
      }
    }
    const pending = new Set([...ends.entries()].filter(([key, high]) => high > (starts.get(key) ?? 0n)).map(([key]) => key));
    if (pending.size === 0) return [];

    const groupId = `${this.groupPrefix}-bootstrap-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, maxBytesPerPartition: 4 * 1024 * 1024, allowAutoTopicCreation: false });
    const perPartition = new Map<string, StoredRecord[]>();
    let read = 0;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: topics.filter((t) => [...pending].some((k) => k.startsWith(`${t}:`))), fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error));
        // A fetch that returns only transaction markers (the allocator writes proposals and loans
        // in transactions) never reaches eachBatch, but ends a partition all the same.
        consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
          const key = `${e.payload.topic}:${e.payload.partition}`;
          if (pending.has(key) && BigInt(e.payload.lastOffset) >= (ends.get(key) ?? 0n) - 1n) pending.delete(key);
          if (pending.size === 0) resolve();
        });
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const key = `${batch.topic}:${batch.partition}`;
              const end = ends.get(key) ?? 0n;
              const list = perPartition.get(key) ?? [];
              perPartition.set(key, list);
              for (const message of batch.messages) {
                if (BigInt(message.offset) >= end) break;
                list.push({ topic: batch.topic, partition: batch.partition, offset: message.offset, timestamp: Number(message.timestamp), message });
                read++;
              }
              onProgress?.(read, Number(total));
              const last = list.length > 0 ? BigInt(list[list.length - 1].offset) : -1n;
              // Compaction can leave gaps, so the batch's last offset counts too.
              if (last >= end - 1n || BigInt(batch.lastOffset()) >= end - 1n) pending.delete(key);
              if (pending.size === 0) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await this.admin.deleteGroups([groupId]).catch((error: unknown) => this.logger.debug(`bootstrap group not deleted: ${String(error)}`));
    }
    return mergeByTime([...perPartition.values()], topics);
  }
}

/** k-way merge: keeps each partition's order, interleaves partitions by timestamp, then topic order. */
export function mergeByTime(partitions: StoredRecord[][], topicOrder: string[]): StoredRecord[] {
  const rank = (topic: string): number => {
    const i = topicOrder.indexOf(topic);
    return i < 0 ? topicOrder.length : i;
  };
  const heads = partitions.map(() => 0);
  const out: StoredRecord[] = [];
  const total = partitions.reduce((n, p) => n + p.length, 0);
  while (out.length < total) {
    let best = -1;
    for (let i = 0; i < partitions.length; i++) {
      const r = partitions[i][heads[i]];
      if (r === undefined) continue;
      if (best < 0) {
        best = i;
        continue;
      }
      const b = partitions[best][heads[best]];
      if (r.timestamp < b.timestamp || (r.timestamp === b.timestamp && (rank(r.topic) < rank(b.topic) || (rank(r.topic) === rank(b.topic) && r.partition < b.partition)))) best = i;
    }
    out.push(partitions[best][heads[best]]);
    heads[best]++;
  }
  return out;
}
