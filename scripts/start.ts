import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { logLevel } from 'kafkajs';
import { AppConfig, createKafka, ensureTopics, KafkaConnection, loadConfig, probeBrokers, repairLossyTopics } from '@imc/platform';
import { TOPIC_SPECS, errorMessage } from '@imc/contracts';
import { LocalKafka } from './kafka/local-kafka';
import { AppProcess, launchApp, waitReady } from './support/app-process';
import { PROJECT_ROOT } from './support/project-root';
import { classifyTopics, DemoFinding, demoEventIds, eventIdOf, inputEventIds } from './support/demo-world';

/**
 * `npm start`: a local broker (unless KAFKA_BROKERS is set), the topics, the allocator and the
 * planner-api, and the demo world (loaded when the topics hold none, finished when an earlier load
 * was interrupted). Ctrl-C stops everything it started.
 */
const ROOT = PROJECT_ROOT;
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

/**
 * Where `npm start` keeps the local broker's data, and its port: `.data/` and 9092 unless
 * IMC_DATA_DIR / IMC_KAFKA_PORT say otherwise (the e2e spec of the first start runs it this way).
 */
function localBrokerSettings(env: NodeJS.ProcessEnv): { dataDir: string; port: number } {
  const dataDir = env.IMC_DATA_DIR ? resolve(env.IMC_DATA_DIR) : join(ROOT, '.data');
  const port = env.IMC_KAFKA_PORT ? Number(env.IMC_KAFKA_PORT) : 9092;
  if (!Number.isInteger(port) || port < 1 || port > 65534) throw new Error('IMC_KAFKA_PORT must be a port number (1 to 65534; the next port is the controller\'s)');
  return { dataDir, port };
}

async function allocatorAsOf(port: number): Promise<string> {
  try {
    const status = (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as { asOf?: unknown };
    return typeof status.asOf === 'string' ? status.asOf : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Loads the demo world when the topics hold none, finishes an interrupted load, and leaves any
 * other world alone (the rule is in demo-world.ts and docs/getting-started.md).
 */
async function loadDemoWorld(connection: KafkaConnection, config: AppConfig): Promise<void> {
  const demo = join(ROOT, 'scenarios', 'demo-2010-2012.jsonl');
  if (!existsSync(demo)) return;
  const demoIds = demoEventIds(readFileSync(demo, 'utf8'));
  let finding: DemoFinding;
  try {
    finding = classifyTopics(demoIds, await inputEventIds(connection));
  } catch (error) {
    // The services are up and keep what the topics hold; only the demo waits for the next start.
    console.error(`[start] could not read the input topics to see whether they hold the demo world (${errorMessage(error)}): nothing loaded; the next npm start looks again`);
    return;
  }
  let missing: Set<string> | undefined;
  switch (finding.kind) {
    case 'complete': {
      const own = finding.others > 0 ? `; ${finding.others} ${finding.others === 1 ? 'event' : 'events'} of your own on top of it` : '';
      say(`demo world complete (asOf ${await allocatorAsOf(config.ALLOCATOR_PORT)})${own}`);
      return;
    }
    case 'foreign':
      say(`topics hold a world that is not the demo: left as is (${finding.others} ${finding.others === 1 ? 'event' : 'events'} not from the demo file, ${finding.present} of the demo's ${finding.total})`);
      return;
    case 'partial':
      say(`resuming the demo world (${finding.present} of ${finding.total} events on the topics): sending the ${finding.missing.length} missing ones`);
      missing = new Set(finding.missing);
      break;
    case 'empty':
      say('the topics hold no world yet: loading the demo world (the transfers of 2010 to 2012)');
      break;
  }
  const { replayFile } = await import('./replay/replay');
  const only = missing;
  const summary = await replayFile(demo, connection, {
    progress: true,
    moments: true,
    allocatorGroup: `${config.IMC_INSTANCE}-allocator`,
    debounceMs: config.IMC_DEBOUNCE_MS,
    skip: only ? (line) => !only.has(eventIdOf(line.value, {}) ?? '') : undefined,
  });
  for (const w of summary.waits) say(w);
  say(`demo world loaded: ${summary.sent} events sent in ${(summary.ms / 1000).toFixed(1)} s`);
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
    let connection = config.kafka;
    if (!process.env.KAFKA_BROKERS) {
      // Our own broker has a PLAINTEXT listener only: TLS or SASL settings mean a cluster of yours.
      if (config.KAFKA_SECURITY_PROTOCOL !== 'PLAINTEXT') throw new Error(`KAFKA_SECURITY_PROTOCOL=${config.KAFKA_SECURITY_PROTOCOL} needs KAFKA_BROKERS: the local broker npm start runs is PLAINTEXT`);
      const local = localBrokerSettings(process.env);
      broker = await LocalKafka.start({ port: local.port, dataDir: join(local.dataDir, 'kafka'), log: say });
      connection = { brokers: [broker.brokers] };
      broker.onExit((code) => {
        if (!stopping) say(`the local Kafka broker stopped unexpectedly (code ${code}); the services report not ready until one is back on ${broker?.brokers}`);
      });
    } else {
      await probeBrokers(connection);
    }
    const brokers = connection.brokers;
    const admin = createKafka(connection, 'imc-start', { logLevel: logLevel.NOTHING, logCreator: undefined }).admin();
    await admin.connect();
    const created = await ensureTopics(admin, 1, TOPIC_SPECS, config.topicPlacement);
    // Our own broker's data directory may hold topics an earlier version created with the broker's
    // 7-day default; bring them up to the settings the services require rather than refuse to start.
    const repaired = broker ? await repairLossyTopics(admin) : [];
    await admin.disconnect();
    if (created.length > 0) say(`created topics: ${created.join(', ')}`);
    for (const r of repaired) say(`local broker: ${r}: set to the contract's retention`);

    // Tokens of the user's own (inline or IMC_API_TOKENS_FILE) or OIDC: no development token then.
    const token = config.IMC_API_TOKENS || config.oidc ? undefined : `dev-${randomBytes(12).toString('hex')}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KAFKA_BROKERS: brokers.join(','),
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      ...(token ? { IMC_API_TOKENS: `${token}:approver` } : {}),
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

    await loadDemoWorld(connection, config);

    say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    say(`planner console:   http://localhost:${config.PORT}/  (sign in with ${token ? 'the development token below' : 'one of your tokens'})`);
    say(`current proposal:  http://localhost:${config.PORT}/v1/proposals/current`);
    say(`API docs:          http://localhost:${config.PORT}/docs`);
    say(`allocator status:  http://localhost:${config.ALLOCATOR_PORT}/status`);
    if (token) say(`development token (approver): ${token}\n        curl -H "Authorization: Bearer ${token}" http://localhost:${config.PORT}/v1/proposals/current`);
    say('Ctrl-C stops everything');
  } catch (error) {
    console.error(`[start] ${errorMessage(error)}`);
    await stopAll(1);
  }
}

void main();
