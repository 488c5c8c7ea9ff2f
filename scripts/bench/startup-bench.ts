/**
 * Start-up benchmark (`npm run bench:startup`): how long each service takes from process start to
 * answering ready, and how much memory it holds once idle, run from the TypeScript sources (ts-node
 * and tsconfig-paths, as `npm start` did before the build) and compiled (`node dist/...`, as
 * `npm start` and the image run them now). A real broker of its own holds the demo world, so each
 * start rebuilds a realistic state. Prints a table and the figures as JSON; stops by itself.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics } from '@imc/platform';
import { LocalKafka } from '../kafka/local-kafka';
import { replayFile } from '../replay/replay';
import { AppName, AppProcess, launchApp, waitReady } from '../support/app-process';
import { ensureBuilt, PROJECT_ROOT } from '../support/project-root';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Idle time before RSS is read: start-up garbage collected, the consumers settled. */
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const say = (line: string): void => void process.stderr.write(`[bench:startup] ${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type Mode = 'ts-node' | 'compiled';
let nextPort = 23000 + Math.floor(Math.random() * 1000);

/** The way the services were started before the build: TypeScript compiled in memory at start. */
function launchFromSources(name: AppName, env: NodeJS.ProcessEnv): AppProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join('apps', name, 'src', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...env, TS_NODE_PROJECT: 'tsconfig.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return { name, child, output: () => output };
}

/** Resident set size of a process, in MB, from /proc (Linux) or ps. */
function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
    if (Number.isFinite(kb)) return kb / 1024;
  } catch {
    // not Linux: fall through
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}

async function stop(app: AppProcess): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => app.child.once('exit', () => r()));
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

interface Sample {
  readyMs: number;
  rssMb: number;
}

async function measure(name: AppName, mode: Mode, brokers: string): Promise<Sample> {
  const port = nextPort++;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: brokers,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    IMC_API_TOKENS: 'bench-token:viewer',
    IMC_INSTANCE: `bench-${mode}-${port}`,
    [name === 'allocator' ? 'ALLOCATOR_PORT' : 'PORT']: String(port),
  };
  const app = mode === 'compiled' ? launchApp(name, env, { capture: true }) : launchFromSources(name, env);
  try {
    const readyMs = await waitReady(app, `http://127.0.0.1:${port}/health/ready`, 180_000, 50);
    await sleep(IDLE_MS);
    return { readyMs, rssMb: rssMb(app.child.pid ?? 0) };
  } finally {
    await stop(app);
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main(): Promise<void> {
  ensureBuilt((line) => say(line));
  const dataDir = mkdtempSync(join(tmpdir(), 'imc-bench-startup-'));
  const kafka = await LocalKafka.start({ port: 26000 + Math.floor(Math.random() * 400) * 2, dataDir, log: say });
  try {
    const admin = new Kafka({ clientId: 'bench-startup', brokers: [kafka.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await ensureTopics(admin);
    await admin.disconnect();
    // The demo world, loaded as npm start loads it (decisions wait for a running allocator).
    const loader = launchApp('allocator', { ...process.env, KAFKA_BROKERS: kafka.brokers, NODE_ENV: 'production', LOG_LEVEL: 'warn', IMC_INSTANCE: 'imc', ALLOCATOR_PORT: String(nextPort) }, { capture: true });
    await waitReady(loader, `http://127.0.0.1:${nextPort++}/health/ready`, 180_000);
    const loaded = await replayFile(join(PROJECT_ROOT, 'scenarios', 'demo-2010-2012.jsonl'), [kafka.brokers], { allocatorGroup: 'imc-allocator', debounceMs: 200 });
    await stop(loader);
    say(`demo world on the topics: ${loaded.sent} events`);

    const results: Record<string, Record<Mode, Sample[]>> = {};
    for (let run = 0; run < RUNS; run++) {
      // Interleaved, so that a change of machine load touches both modes alike.
      for (const name of ['allocator', 'planner-api'] as const) {
        for (const mode of ['ts-node', 'compiled'] as const) {
          const sample = await measure(name, mode, kafka.brokers);
          say(`${name} ${mode} run ${run + 1}/${RUNS}: ready in ${sample.readyMs} ms, idle RSS ${sample.rssMb.toFixed(0)} MB`);
          ((results[name] ??= { 'ts-node': [], compiled: [] })[mode]).push(sample);
        }
      }
    }

    const rows = Object.entries(results).map(([name, byMode]) => {
      const cell = (mode: Mode, pick: (s: Sample) => number): number => median(byMode[mode].map(pick));
      return {
        service: name,
        readyMs: { tsNode: cell('ts-node', (s) => s.readyMs), compiled: cell('compiled', (s) => s.readyMs) },
        idleRssMb: { tsNode: Math.round(cell('ts-node', (s) => s.rssMb)), compiled: Math.round(cell('compiled', (s) => s.rssMb)) },
      };
    });
    console.log(`Start-up to ready and idle RSS (${IDLE_MS / 1000} s after ready), median of ${RUNS} runs, demo world on the topics`);
    console.log('| service | ready, ts-node | ready, compiled | idle RSS, ts-node | idle RSS, compiled |');
    console.log('|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.service} | ${(r.readyMs.tsNode / 1000).toFixed(1)} s | ${(r.readyMs.compiled / 1000).toFixed(1)} s | ${r.idleRssMb.tsNode} MB | ${r.idleRssMb.compiled} MB |`);
    console.log(JSON.stringify({ runs: RUNS, idleMs: IDLE_MS, rows }));
  } finally {
    await kafka.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  say(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
