import { Kafka, logLevel, Consumer, IHeaders } from 'kafkajs';
import { testBrokers } from './services';

export function testKafka(): Kafka {
  return new Kafka({ clientId: 'e2e', brokers: [testBrokers()], logLevel: logLevel.NOTHING });
}

export interface ReadRecord {
  key: string | null;
  value: string;
  headers: Record<string, string>;
  offset: string;
  /** CreateTime as the producer set it, epoch ms. */
  timestamp: string;
  /** The record as the broker holds it: a tombstone is null, not ''. */
  raw: { key: Buffer | null; value: Buffer | null; headers: IHeaders };
  /** The epoch of the producer that wrote the record's batch. */
  producerEpoch: number;
}

function headerText(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k] = v === undefined ? '' : Array.isArray(v) ? v.map(String).join(',') : v.toString();
  return out;
}

/**
 * Every record of a topic from the beginning up to its end now (a throw-away group). Done when each
 * partition has delivered its last offset: a compacted topic has gaps, so counting would not do.
 */
export async function readTopic(topic: string, kafka: Kafka = testKafka(), options: { readUncommitted?: boolean } = {}): Promise<ReadRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const waiting = new Map(offsets.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]));
  if (waiting.size === 0) return [];
  const consumer: Consumer = kafka.consumer({ groupId: `e2e-read-${Date.now()}-${Math.random()}`, readUncommitted: options.readUncommitted === true });
  const out: ReadRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reading ${topic}: got ${out.length} records, partitions ${[...waiting.keys()].join(',')} unfinished`)), 20_000);
    // The allocator writes proposals and loans in transactions: a partition's last offset may be
    // a commit marker, which no message carries but the batch's last offset does.
    consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
      const last = waiting.get(e.payload.partition);
      if (last !== undefined && BigInt(e.payload.lastOffset) >= last) waiting.delete(e.payload.partition);
      if (waiting.size === 0) {
        clearTimeout(timer);
        resolve();
      }
    });
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        const last = waiting.get(partition);
        if (last === undefined) return;
        if (BigInt(message.offset) <= last) {
          out.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers: headerText(message.headers), offset: message.offset, timestamp: message.timestamp, raw: { key: message.key, value: message.value, headers: message.headers ?? {} }, producerEpoch: Number((message as { batchContext?: { producerEpoch?: number } }).batchContext?.producerEpoch ?? -1) });
        }
        if (BigInt(message.offset) >= last) waiting.delete(partition);
        if (waiting.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return out;
}

export async function produce(topic: string, messages: { key: Buffer | string | null; value: Buffer | string | null; headers?: IHeaders }[], kafka: Kafka = testKafka()): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
}
