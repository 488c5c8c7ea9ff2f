import { Logger } from '@nestjs/common';
import { CLOUDEVENTS_JSON, errorMessage } from '@imc/contracts';
import { Kafka, Partitioners, Producer } from 'kafkajs';

export interface OutgoingRecord {
  topic: string;
  key: Buffer | string | null;
  /**
   * A CloudEvent envelope, sent as structured-mode JSON with `content-type:
   * application/cloudevents+json`; or, with `raw`, bytes sent exactly as given (the DLQ keeps the
   * original record, a null value included).
   */
  value: Buffer | string | object | null;
  raw?: boolean;
  headers?: Record<string, Buffer | string | (Buffer | string)[]>;
}

/** The header that makes a CloudEvents SDK read what the services publish as structured mode. */
export const STRUCTURED_HEADERS = { 'content-type': CLOUDEVENTS_JSON } as const;

/** The kafkajs message of one record: raw bytes as given, an envelope as structured JSON. */
export function toKafkaMessage(r: OutgoingRecord): { key: Buffer | string | null; value: Buffer | string | null; headers?: Record<string, Buffer | string | (Buffer | string)[]> } {
  if (r.raw === true || r.value === null || Buffer.isBuffer(r.value)) {
    return { key: r.key, value: r.value === null || Buffer.isBuffer(r.value) || typeof r.value === 'string' ? r.value : JSON.stringify(r.value), headers: r.headers };
  }
  const value = typeof r.value === 'string' ? r.value : JSON.stringify(r.value);
  return { key: r.key, value, headers: { ...STRUCTURED_HEADERS, ...r.headers } };
}

/**
 * The one way the services write to Kafka: an idempotent producer with acks from all in-sync
 * replicas. A send resolves only once the broker has acknowledged it.
 */
export class EventPublisher {
  private readonly logger = new Logger(EventPublisher.name);
  private producer: Producer;
  private connected = false;

  constructor(private readonly kafka: Kafka) {
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    // The partitioner named explicitly (kafkajs's default, as before) so kafkajs does not warn about it at every start.
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    producer.on(producer.events.DISCONNECT, () => {
      if (producer === this.producer) this.connected = false;
    });
    return producer;
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async publish(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const r of records) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
    const producer = this.producer;
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic.entries()].map(([topic, rs]) => ({
          topic,
          messages: rs.map(toKafkaMessage),
        })),
      });
    } catch (error) {
      this.replace(producer, error);
      throw error;
    }
  }

  /**
   * A send that gave up may still have been written (its reply lost). kafkajs then rolls the
   * partition's sequence number back under the same producer id, so the next batch of the same
   * size would carry the lost one's sequence range and the broker would acknowledge it as a
   * duplicate without writing it. A new producer (a new producer id, sequences from 0) cannot be
   * mistaken for the old one; a record sent again after a lost reply may then be written twice,
   * which readers ignore by event id.
   */
  private replace(failed: Producer, error: unknown): void {
    if (failed !== this.producer) return;
    this.producer = this.newProducer();
    this.connected = false;
    this.logger.warn(`a send gave up (${errorMessage(error)}): the next goes out under a new producer id`);
    void failed.disconnect().catch(() => undefined);
  }

  async disconnect(): Promise<void> {
    try {
      await this.producer.disconnect();
    } catch (error) {
      this.logger.warn(`producer disconnect: ${errorMessage(error)}`);
    }
    this.connected = false;
  }
}
