import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { TOPIC_SPECS } from '@imc/contracts';
import { LocalKafka } from '../../../scripts/kafka/local-kafka';

/**
 * A broker of the spec's own: its topics hold one world only, so "nothing was published" can be
 * checked on the offsets of every topic, and no other spec's events move planning's clock.
 */
export interface PrivateBroker {
  brokers: string;
  kafka: Kafka;
  /** High watermark of every topic of the contract. */
  offsets(): Promise<Record<string, number>>;
  dispose(): Promise<void>;
}

export async function startPrivateBroker(): Promise<PrivateBroker> {
  const dataDir = mkdtempSync(join(tmpdir(), 'imc-e2e-api-'));
  const port = 29000 + Math.floor(Math.random() * 1400) * 2;
  const local = await LocalKafka.start({ port, dataDir, partitions: 1 });
  const kafka = new Kafka({ clientId: 'e2e-api', brokers: [local.brokers], logLevel: logLevel.NOTHING });
  return {
    brokers: local.brokers,
    kafka,
    async offsets() {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const existing = new Set(await admin.listTopics());
        const out: Record<string, number> = {};
        for (const spec of TOPIC_SPECS) {
          if (!existing.has(spec.name)) {
            out[spec.name] = 0;
            continue;
          }
          out[spec.name] = (await admin.fetchTopicOffsets(spec.name)).reduce((n, p) => n + Number(p.high), 0);
        }
        return out;
      } finally {
        await admin.disconnect();
      }
    },
    async dispose() {
      await local.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
