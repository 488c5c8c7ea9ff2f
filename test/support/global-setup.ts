import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../../scripts/build/ensure-built';
import { LocalKafka } from '../../scripts/kafka/local-kafka';

/** scripts/build-console.js is plain Node (it runs before any TS loader); its two functions. */
const consoleBuild = require('../../scripts/build-console') as { isStale(): boolean; buildConsole(): Promise<number> };

/**
 * The compiled services (the specs run them as production does, `node dist/...`), built when the
 * sources are newer than dist/, and the planner console; then one real broker for the whole e2e
 * run, on its own port and temporary directory.
 */
export default async function globalSetup(): Promise<void> {
  ensureBuilt((line) => process.stderr.write(`[e2e] ${line}\n`));
  // The browser spec loads the console the API serves; `npm test` builds it too (pretest), but a
  // spec run straight through jest must not test a missing or stale bundle.
  if (consoleBuild.isStale()) process.stderr.write(`[e2e] planner console built in ${await consoleBuild.buildConsole()} ms\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'imc-e2e-kafka-'));
  const port = 25000 + Math.floor(Math.random() * 450) * 2;
  const started = Date.now();
  const kafka = await LocalKafka.start({ port, dataDir, partitions: 1, log: (l) => process.stderr.write(`[e2e kafka] ${l}\n`) });
  process.stderr.write(`[e2e kafka] broker up in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.env.E2E_KAFKA_BROKERS = kafka.brokers;
  process.env.E2E_KAFKA_DATA_DIR = dataDir;
  (globalThis as { __E2E_KAFKA__?: LocalKafka }).__E2E_KAFKA__ = kafka;
}
