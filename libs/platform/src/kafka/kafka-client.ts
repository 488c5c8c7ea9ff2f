import { Admin, Kafka, logLevel } from 'kafkajs';
import { TOPIC_SPECS, topicConfig, TopicSpec } from '@imc/contracts';
import { kafkaLogCreator } from './kafka-log';

/** kafkajs' own log lines go through Nest's logger at warn and above (see kafka-log.ts). */
export function createKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator('kafkajs'),
    connectionTimeout: 3000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 5000 },
  });
}

export class KafkaUnreachableError extends Error {
  constructor(brokers: string[], timeoutMs: number, cause: string) {
    super(`cannot reach Kafka at ${brokers.join(',')} within ${Math.round(timeoutMs / 1000)} s (${cause}); check KAFKA_BROKERS`);
    this.name = 'KafkaUnreachableError';
  }
}

/** Fails fast, with one line, when no broker answers: start-up must not hang or dump a stack. */
export async function probeBrokers(brokers: string[], timeoutMs = 10_000): Promise<void> {
  const admin = new Kafka({
    clientId: 'imc-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(3000, timeoutMs),
    retry: { retries: 0 },
  }).admin();
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      await admin.connect();
      await admin.describeCluster();
      await admin.disconnect();
      return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
      await admin.disconnect().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new KafkaUnreachableError(brokers, timeoutMs, last);
}

/**
 * Creates the contract's topics that do not exist yet, with the retention the contract gives each
 * (topicConfig). Existing topics are left as they are: checking them is lossyTopics' job.
 * Safe to call from every service at every start.
 */
export async function ensureTopics(admin: Admin, partitions = 1, specs: readonly TopicSpec[] = TOPIC_SPECS): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: partitions,
        replicationFactor: -1,
        configEntries: Object.entries(topicConfig(s)).map(([name, value]) => ({ name, value })),
      })),
    });
  } catch (error) {
    // Two services starting together may both create: a topic that now exists is fine.
    const now = new Set(await admin.listTopics());
    if (missing.some((s) => !now.has(s.name))) throw error;
  }
  await untilLeadersAnswer(admin, missing.map((s) => s.name));
  return missing.map((s) => s.name);
}

/**
 * waitForLeaders waits for the controller's metadata, but a fresh broker can still answer the
 * first ListOffsets of a new topic with "not the leader" (seen on the e2e broker), which failed
 * the start-up read: wait until every new topic answers one.
 */
async function untilLeadersAnswer(admin: Admin, topics: string[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const topic of topics) {
    for (;;) {
      try {
        await admin.fetchTopicOffsets(topic);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
}

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/** Messages a consumer group has not committed yet, per partition (no commit yet counts all). */
export async function consumerGroupLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<PartitionLag[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const out: PartitionLag[] = [];
  for (const topic of topics) {
    const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const p of await admin.fetchTopicOffsets(topic)) {
      const at = Number(mine.find((m) => m.partition === p.partition)?.offset ?? -1);
      out.push({ topic, partition: p.partition, lag: Number(p.high) - Math.max(at, Number(p.low)) });
    }
  }
  return out;
}
