import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '@imc/contracts';
import { ensureTopics, loadConfig, probeBrokers } from '@imc/platform';
import { LocalKafka } from './kafka/local-kafka';
import { AppProcess, launchApp, waitReady } from './support/app-process';

/**
 * `npm start`: a local broker (unless KAFKA_BROKERS is set), the topics, the allocator and the
 * planner-api, and the demo world when the topics hold none. Ctrl-C stops everything it started.
 */
const ROOT = resolve(__dirname, '..');
const say = (line: string): void => console.log(`[start] ${line}`);

async function stopChild(app: AppProcess): Promise<void> {
  const p = app.child;
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill('SIGTERM');
  const timer = setTimeout(() => p.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function topicIsEmpty(brokers: string[], topic: string): Promise<boolean> {
  const admin = new Kafka({ clientId: 'imc-start', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.every((p) => p.high === p.low);
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' });
  let broker: LocalKafka | undefined;
  const children: AppProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say('stopping...');
    await Promise.all(children.map(stopChild));
    if (broker) await broker.stop();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    let brokers = config.brokers;
    if (!process.env.KAFKA_BROKERS) {
      broker = await LocalKafka.start({ port: 9092, dataDir: join(ROOT, '.data', 'kafka'), log: say });
      brokers = [broker.brokers];
      broker.onExit((code) => {
        if (!stopping) say(`the local Kafka broker stopped unexpectedly (code ${code}); the services report not ready until one is back on ${broker?.brokers}`);
      });
    } else {
      await probeBrokers(brokers);
    }
    const admin = new Kafka({ clientId: 'imc-start', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const created = await ensureTopics(admin);
    await admin.disconnect();
    if (created.length > 0) say(`created topics: ${created.join(', ')}`);

    const token = process.env.IMC_API_TOKENS ? undefined : `dev-${randomBytes(12).toString('hex')}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KAFKA_BROKERS: brokers.join(','),
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      IMC_API_TOKENS: process.env.IMC_API_TOKENS ?? `${token}:approver`,
    };
    const allocator = launchApp('allocator', env);
    const api = launchApp('planner-api', env);
    children.push(allocator, api);
    for (const child of children) {
      child.child.once('exit', (code) => {
        if (!stopping) {
          say(`${child.name} exited unexpectedly (code ${code}); stopping the rest`);
          void stopAll(1);
        }
      });
    }
    await Promise.all([
      waitReady(allocator, `http://127.0.0.1:${config.ALLOCATOR_PORT}/health/ready`, 90_000, 300),
      waitReady(api, `http://127.0.0.1:${config.PORT}/health/ready`, 90_000, 300),
    ]);

    const demo = join(ROOT, 'scenarios', 'demo-2010-2012.jsonl');
    if (existsSync(demo) && (await topicIsEmpty(brokers, TOPICS.missions))) {
      say('the topics hold no world yet: loading the demo world (CASES.md transfers of 2010 to 2012)');
      const { replayFile } = await import('./replay/replay');
      const summary = await replayFile(demo, brokers, { progress: true, allocatorGroup: `${config.IMC_INSTANCE}-allocator`, debounceMs: config.IMC_DEBOUNCE_MS });
      say(`demo world loaded: ${summary.sent} events in ${(summary.ms / 1000).toFixed(1)} s`);
    }

    say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    say(`current proposal:  http://localhost:${config.PORT}/v1/proposals/current`);
    say(`API docs:          http://localhost:${config.PORT}/docs`);
    say(`allocator status:  http://localhost:${config.ALLOCATOR_PORT}/status`);
    if (token) say(`development token (approver): ${token}\n        curl -H "Authorization: Bearer ${token}" http://localhost:${config.PORT}/v1/proposals/current`);
    say('Ctrl-C stops everything');
  } catch (error) {
    console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
  }
}

void main();
