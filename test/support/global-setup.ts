import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKafka } from '../../scripts/kafka/local-kafka';

/** One real broker for the whole e2e run, on its own port and temporary directory. */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'imc-e2e-kafka-'));
  const port = 25000 + Math.floor(Math.random() * 450) * 2;
  const started = Date.now();
  const kafka = await LocalKafka.start({ port, dataDir, partitions: 1, log: (l) => process.stderr.write(`[e2e kafka] ${l}\n`) });
  process.stderr.write(`[e2e kafka] broker up in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.env.E2E_KAFKA_BROKERS = kafka.brokers;
  process.env.E2E_KAFKA_DATA_DIR = dataDir;
  (globalThis as { __E2E_KAFKA__?: LocalKafka }).__E2E_KAFKA__ = kafka;
}
