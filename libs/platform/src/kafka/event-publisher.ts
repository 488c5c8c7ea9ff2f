import { Logger } from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';

export interface OutgoingRecord {
  topic: string;
  key: string | null;
  /** Sent as is when a Buffer or string (the DLQ keeps the original bytes), else JSON. */
  value: Buffer | string | object;
  headers?: Record<string, string>;
}

/**
 * The one way the services write to Kafka: an idempotent producer with acks from all in-sync
 * replicas. A send resolves only once the broker has acknowledged it.
 */
export class EventPublisher {
  private readonly logger = new Logger(EventPublisher.name);
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.connected = false;
    });
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
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, rs]) => ({
        topic,
        messages: rs.map((r) => ({
          key: r.key,
          value: Buffer.isBuffer(r.value) || typeof r.value === 'string' ? r.value : JSON.stringify(r.value),
          headers: r.headers,
        })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    try {
      await this.producer.disconnect();
    } catch (error) {
      this.logger.warn(`producer disconnect: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.connected = false;
  }
}
