import { rmSync } from 'node:fs';
import type { LocalKafka } from '../../scripts/kafka/local-kafka';

export default async function globalTeardown(): Promise<void> {
  const kafka = (globalThis as { __E2E_KAFKA__?: LocalKafka }).__E2E_KAFKA__;
  if (kafka) await kafka.stop();
  const dir = process.env.E2E_KAFKA_DATA_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
