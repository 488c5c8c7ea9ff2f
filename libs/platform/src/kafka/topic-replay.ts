import { Logger } from '@nestjs/common';
import { errorMessage } from '@imc/contracts';
import type { Admin } from 'kafkajs';
import { retryTransient } from '../retry';
import { consumerGroupLag, type PartitionLag } from './kafka-client';
import type { TopicPlacement } from '../config/app-config';
import { ensureDurableTopics } from './topic-durability';
import { REPLAY_TOPICS, type StoredRecord, type TopicReader } from './topic-reader';

/** Where a read stopped: `${topic}:${partition}` -> the next offset to read. */
export type Positions = Map<string, bigint>;

export interface ReplayOptions {
  allowLossyTopics: boolean;
  placement: TopicPlacement;
  /** Default REPLAY_TOPICS (inputs, proposals, loans, decisions). */
  topics?: string[];
  /** Each step is retried while the cluster settles, for this long from the start at most. Default 60 s. */
  giveUpAfterMs?: number;
}

export interface Replay {
  /** Topics this read created. */
  created: string[];
  /** The end offsets taken before the read: where following the topics starts. */
  ends: Positions;
  /** Every record up to the ends seen by the read, in write order (see TopicReader). */
  records: StoredRecord[];
}

/**
 * A service's start-up read of the topics, the same for both apps (Kafka is the only store): the
 * topics made sure of (created with their durable settings, or refused if lossy), their end
 * offsets taken, then every record read in write order. The ends are taken before the read, whose
 * own ends are the same or later: following from them may see a record twice (applying is
 * idempotent) but never misses one. On a cluster a topic just created may be unknown to some
 * brokers for a while, and its partitions without a leader: each step is retried rather than the
 * service exiting, for a minute at most.
 */
export async function replayTopics(admin: Admin, reader: TopicReader, options: ReplayOptions, logger: Logger): Promise<Replay> {
  const topics = options.topics ?? REPLAY_TOPICS;
  const started = Date.now();
  const over = (): boolean => Date.now() - started > (options.giveUpAfterMs ?? 60_000);
  const retrying = (msg: string) => (error: unknown, attempt: number) => logger.warn({ msg, attempt, error: errorMessage(error) });
  const created = await retryTransient(() => ensureDurableTopics(admin, options.allowLossyTopics, topics, options.placement), retrying('creating or checking the topics failed, retrying'), over);
  const ends: Positions = new Map();
  for (const topic of topics) {
    const offsets = await retryTransient(() => admin.fetchTopicOffsets(topic), retrying('reading the topic ends failed, retrying'), over);
    for (const p of offsets) ends.set(`${topic}:${p.partition}`, BigInt(p.high));
  }
  const records = await retryTransient(() => reader.readAll(topics), retrying('reading the topics failed, retrying'), over);
  return { created, ends, records };
}

/**
 * A consumer group's lag, measured from the broker's side every `intervalMs` (committed offsets
 * against the ends), for readiness and /metrics. A failed measurement is handed to `onError` and
 * the next one tried. Returns the function that stops it.
 */
export function watchLag(admin: Admin, groupId: string, topics: readonly string[], onLag: (lag: PartitionLag[]) => void, onError: (error: unknown) => void, intervalMs = 5000): () => void {
  const timer = setInterval(() => {
    consumerGroupLag(admin, groupId, topics).then(onLag).catch(onError);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
