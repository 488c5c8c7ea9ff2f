import { Admin, Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { TOPIC_SPECS, topicConfig, TopicSpec } from '@imc/contracts';
import { describeConnection, KafkaConnection } from '../config/kafka-security';
import type { TopicPlacement } from '../config/app-config';
import { kafkaLogCreator } from './kafka-log';

/** A bare broker list means a PLAINTEXT listener (a local broker, a test's own). */
function asConnection(connection: KafkaConnection | string[]): KafkaConnection {
  return Array.isArray(connection) ? { brokers: connection } : connection;
}

/**
 * The one place a kafkajs client configuration is made: every client of the services, the CLIs and
 * Nest's Kafka transport starts here, so TLS and SASL reach all of them. `overrides` adjusts
 * timeouts, retries and logging; it cannot drop the security settings.
 */
export function kafkaClientConfig(connection: KafkaConnection | string[], clientId: string, overrides: Omit<KafkaConfig, 'brokers' | 'ssl' | 'sasl' | 'clientId'> = {}): KafkaConfig {
  const c = asConnection(connection);
  return {
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator('kafkajs'),
    connectionTimeout: 3000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 5000 },
    ...overrides,
    clientId,
    brokers: c.brokers,
    ...(c.ssl ? { ssl: c.ssl } : {}),
    ...(c.sasl ? { sasl: c.sasl } : {}),
  };
}

/** kafkajs' own log lines go through Nest's logger at warn and above (see kafka-log.ts). */
export function createKafka(connection: KafkaConnection | string[], clientId: string, overrides: Omit<KafkaConfig, 'brokers' | 'ssl' | 'sasl' | 'clientId'> = {}): Kafka {
  return new Kafka(kafkaClientConfig(connection, clientId, overrides));
}

export class KafkaUnreachableError extends Error {
  constructor(brokers: string[], timeoutMs: number, cause: string) {
    super(`cannot reach Kafka at ${brokers.join(',')} within ${Math.round(timeoutMs / 1000)} s (${cause}); check KAFKA_BROKERS`);
    this.name = 'KafkaUnreachableError';
  }
}

/** The broker answered but refused us: retrying cannot help, so start-up stops at once. */
export class KafkaRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaRefusedError';
  }
}

/** Node's codes for a certificate the client does not trust or that names another host. */
const TLS_TRUST_CODES = /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID|CERT_SIGNATURE_FAILURE|CERT_UNTRUSTED)$/;

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * A refusal that will not go away by waiting, said in the operator's terms; undefined for anything
 * else (not up yet, unreachable). kafkajs's SASL messages name the mechanism, never the password.
 */
export function refusal(error: unknown, c: KafkaConnection): KafkaRefusedError | undefined {
  if (!(error instanceof Error)) return undefined;
  const at = c.brokers.join(',');
  if (error.name === 'KafkaJSSASLAuthenticationError') {
    const user = c.sasl && 'username' in c.sasl ? ` for user ${JSON.stringify(c.sasl.username)}` : '';
    return new KafkaRefusedError(`Kafka at ${at} refused the SASL login${user} (${oneLine(error.message)}); check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM`);
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TLS_TRUST_CODES.test(code)) {
    return new KafkaRefusedError(`TLS with Kafka at ${at} failed: the broker's certificate is not trusted (${code}); check KAFKA_SSL_CA_FILE and the broker's host name`);
  }
  return undefined;
}

/**
 * Fails fast, with one line, when no broker answers or the broker refuses our credentials or
 * certificate: start-up must not hang or dump a stack.
 */
export async function probeBrokers(connection: KafkaConnection | string[], timeoutMs = 10_000): Promise<void> {
  const c = asConnection(connection);
  const admin = createKafka(c, 'imc-probe', { logLevel: logLevel.NOTHING, logCreator: undefined, connectionTimeout: Math.min(3000, timeoutMs), retry: { retries: 0 } }).admin();
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      await admin.connect();
      await admin.describeCluster();
      await admin.disconnect();
      return;
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      const refused = refusal(error, c) ?? refusal((error as { cause?: unknown }).cause, c);
      if (refused) throw refused;
      last = error instanceof Error ? oneLine(error.message) : String(error);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new KafkaUnreachableError(c.brokers, timeoutMs, c.ssl || c.sasl ? `${last}; connecting with ${describeConnection(c)}` : last);
}

/**
 * Creates the contract's topics that do not exist yet, with the retention the contract gives each
 * (topicConfig). Existing topics are left as they are: checking them is lossyTopics' job.
 * Safe to call from every service at every start.
 */
export async function ensureTopics(admin: Admin, partitions = 1, specs: readonly TopicSpec[] = TOPIC_SPECS, placement: TopicPlacement = {}): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: partitions,
        // -1: the broker's default.replication.factor (one broker); a cluster names its own.
        replicationFactor: placement.replicationFactor ?? -1,
        configEntries: Object.entries(placedTopicConfig(s, placement)).map(([name, value]) => ({ name, value })),
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

/** The contract's settings of a topic, plus min.insync.replicas where the deployment sets it. */
export function placedTopicConfig(spec: TopicSpec, placement: TopicPlacement = {}): Record<string, string> {
  const config = topicConfig(spec);
  if (placement.minInsyncReplicas !== undefined) config['min.insync.replicas'] = String(placement.minInsyncReplicas);
  return config;
}

/**
 * waitForLeaders waits for the controller's metadata, but a fresh broker can still answer the
 * first ListOffsets of a new topic with "not the leader" (seen on the e2e broker), which failed
 * the start-up read: wait until every new topic answers one.
 */
async function untilLeadersAnswer(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
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
