/**
 * Allocator-over-Kafka benchmark (`npm run bench:kafka`, also the second half of `npm run bench`).
 * A real broker of its own (127.0.0.1, temporary directory) and the real allocator process:
 *  1. event -> proposal latency at the 16-mission scale: a demand changes, the time until the new
 *     proposal is on imc.proposals (default debounce included);
 *  2. bootstrap: 100k events already on the topics, the time for a starting allocator to read them
 *     all, rebuild its state and publish its first plan (and, separately, to answer ready).
 * Prints a table and the figures as JSON. Stops by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { CloudEvent, Demand, EVENT_TYPES, INPUT_TOPICS, errorMessage } from '@imc/contracts';
import { ensureTopics } from '@imc/platform';
import { LocalKafka } from '../kafka/local-kafka';
import { ensureBuilt } from '../support/project-root';
import { AppProcess, launchApp, waitReady } from '../support/app-process';
import { groupLag, keyOf } from '../replay/replay';
import { denseWorldEvents } from '@imc/optimizer/testing/dense-world-events';
import { firstDemand, padEvents, worldEvents } from './world-events';

/** 200, so that the 99th percentile is not simply the slowest sample (as it is of 60 or fewer). */
const LATENCY_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
/** The dense 120/300 world: each sample is a re-plan of seconds on a loaded machine, so fewer. */
const DENSE_SAMPLES = Number(process.env.BENCH_DENSE_SAMPLES ?? 100);
/** A change that gives no proposal within this long counts as this long (and is counted). */
const LATENCY_TIMEOUT_MS = 10_000;
const SEED = 2012;
const say = (line: string): void => void process.stderr.write(`[bench:kafka] ${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function produceAll(producer: Producer, events: CloudEvent[], batch = 2000): Promise<number> {
  const started = Date.now();
  for (let i = 0; i < events.length; i += batch) {
    const byTopic = new Map<string, { key: string | null; value: string }[]>();
    for (const e of events.slice(i, i + batch)) {
      const topic = (EVENT_TYPES as Record<string, string>)[e.type];
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: keyOf(e.type, e.data as Record<string, unknown>), value: JSON.stringify(e) }]);
    }
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })) });
  }
  return Date.now() - started;
}

interface Allocator {
  app: AppProcess;
  port: number;
  log: () => string;
  stop: () => Promise<void>;
}

function startAllocator(brokers: string, instance: string): Allocator {
  const port = 24100 + Math.floor(Math.random() * 800);
  const app = launchApp('allocator', { ...process.env, KAFKA_BROKERS: brokers, ALLOCATOR_PORT: String(port), IMC_INSTANCE: instance, LOG_LEVEL: 'log', NODE_ENV: 'test' }, { capture: true });
  const { child } = app;
  return {
    app,
    port,
    log: app.output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function allocatorReady(a: Allocator, timeoutMs: number): Promise<number> {
  return waitReady(a.app, `http://127.0.0.1:${a.port}/health/ready`, timeoutMs, 50);
}

/** The allocator's own figure for reading the topics and rebuilding its state (before its first plan). */
function stateLoadMs(log: string): number | undefined {
  const line = log.split('\n').find((l) => l.includes('state loaded'));
  const match = line ? /\\?"ms\\?":(\d+)/.exec(line) : null;
  return match ? Number(match[1]) : undefined;
}

/** Wall-clock time of the allocator's first log line that contains `text` (JSON logs carry a timestamp). */
function loggedAt(log: string, text: string): number | undefined {
  const line = log.split('\n').find((l) => l.includes(text));
  const match = line ? /"timestamp":(\d+)/.exec(line) : null;
  return match ? Number(match[1]) : undefined;
}

interface LatencyResult {
  p50: number;
  p99: number;
  max: number;
  samples: number;
  /** Changes with no proposal within LATENCY_TIMEOUT_MS: in the percentiles at that value. */
  timeouts: number;
  /** `imc_plan_event_loop_delay_max_seconds` at the end, in ms: the longest delay during any plan since start. */
  loopDelayMaxMs?: number;
  /** From the allocator's "proposal published" lines of the changes: where the time went, in the worker. */
  worker?: { plans: number; buildMsP50: number; planMsP50: number; reusedP50: number; components: number; loopDelayMaxMs: number; loopDelaysMs: number[] };
}

/** The allocator's figures for the plans of the last `count` proposals it published (its JSON log lines). */
function workerFigures(log: string, count: number): LatencyResult['worker'] {
  const lines = log.split('\n').filter((l) => l.includes('proposal published')).slice(-count);
  const figures = lines.flatMap((line) => {
    // The message is JSON inside the JSON log line, so its quotes may be escaped.
    const field = (name: string): number | undefined => {
      const match = new RegExp(`\\\\?"${name}\\\\?":(\\d+)`).exec(line);
      return match ? Number(match[1]) : undefined;
    };
    const buildMs = field('buildMs');
    const planMs = field('planMs');
    if (buildMs === undefined || planMs === undefined) return [];
    return [{ buildMs, planMs, reused: field('reused') ?? 0, components: field('components') ?? 0, loop: field('eventLoopMaxMs') ?? 0 }];
  });
  if (figures.length === 0) return undefined;
  return {
    plans: figures.length,
    buildMsP50: percentile(figures.map((f) => f.buildMs), 50),
    planMsP50: percentile(figures.map((f) => f.planMs), 50),
    reusedP50: percentile(figures.map((f) => f.reused), 50),
    components: Math.max(...figures.map((f) => f.components)),
    loopDelayMaxMs: Math.max(...figures.map((f) => f.loop)),
    loopDelaysMs: figures.map((f) => f.loop),
  };
}

/** Resolves once the allocator has nothing planned, pending or in flight (its /status `idle`). */
async function allocatorIdle(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as { idle?: boolean };
    if (status.idle === true) return;
    if (Date.now() > deadline) throw new Error(`the allocator was not idle within ${timeoutMs / 1000} s of catching up`);
    await sleep(200);
  }
}

/** The allocator's own gauge of the longest event-loop delay during a plan, in ms. */
async function loopDelayMaxMs(port: number): Promise<number | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const match = /^imc_plan_event_loop_delay_max_seconds\s+(\S+)$/m.exec(text);
  return match ? Number(match[1]) * 1000 : undefined;
}

/**
 * Each change is timed from its send to the first proposal after it. `clock`: each change a minute
 * after the last ('moves', the usual case: "now" moves, every pair is re-dated and no component
 * is reused), or at the moment of the world's latest event ('still': only the changed demand's
 * component is planned again, the incremental re-plan).
 */
async function latency(brokers: string, events = worldEvents({ missions: 16, demands: 20, binding: false, seed: SEED }), sampleCount = LATENCY_SAMPLES, clock: 'moves' | 'still' = 'moves'): Promise<LatencyResult> {
  const kafka = new Kafka({ clientId: 'bench', brokers: [brokers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await produceAll(producer, events);
  const allocator = startAllocator(brokers, 'bench-latency');
  const admin = kafka.admin();
  await admin.connect();
  const consumer = kafka.consumer({ groupId: `bench-watch-${Date.now()}` });
  try {
    await allocatorReady(allocator, 120_000);
    while ((await groupLag(admin, 'bench-latency-allocator')) > 0) await sleep(100);
    // The first plan of the whole world (seconds on the dense one) must be published before the
    // first change, or that change waits for it and is timed with it.
    await allocatorIdle(allocator.port, 120_000);
    await sleep(1000);
    // Each proposal with the moment it arrived and the event time it was planned at (its asOf).
    const arrivals: { at: number; asOf: number }[] = [];
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
    await consumer.connect();
    await consumer.subscribe({ topic: 'imc.proposals', fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const at = performance.now();
        let asOf = Number.NaN;
        try {
          asOf = Date.parse((JSON.parse(message.value?.toString() ?? '') as { data?: { asOf?: string } }).data?.asOf ?? '');
        } catch {
          // Not a proposal envelope: it answers no sample.
        }
        arrivals.push({ at, asOf });
      },
    });
    while (!joined) await sleep(50);
    await sleep(500);

    const demand = firstDemand(events);
    const latest = Math.max(...events.map((e) => Date.parse(e.time)));
    const samples: number[] = [];
    let timeouts = 0;
    for (let i = 1; i <= sampleCount; i++) {
      // Each change moves the demand's quantity, so every one yields a new proposal.
      const changed: Demand = { ...demand, quantity: demand.quantity + (i % 2), version: demand.version + i };
      const eventTime = latest + (clock === 'moves' ? i * 60_000 : 0);
      const event: CloudEvent = { specversion: '1.0', id: `latency-change-${i}`, source: '/bench', type: 'imc.demand.raised', time: new Date(eventTime).toISOString(), data: changed };
      const seen = arrivals.length;
      const sent = performance.now();
      await producer.send({ topic: 'imc.demands', acks: -1, messages: [{ key: demand.demandId, value: JSON.stringify(event) }] });
      // This change's answer: a proposal after the send, planned at this change's time (when the
      // clock moves, an earlier change's late proposal has an earlier asOf and answers nothing).
      const answer = () => arrivals.slice(seen).find((a) => a.at >= sent && (clock === 'still' || a.asOf >= eventTime));
      const deadline = Date.now() + LATENCY_TIMEOUT_MS;
      while (answer() === undefined && Date.now() < deadline) await sleep(2);
      const answered = answer();
      if (answered) samples.push(answered.at - sent);
      else {
        // Dropping it would make the figures look better the worse the allocator does.
        samples.push(LATENCY_TIMEOUT_MS);
        timeouts += 1;
        // Its answer may still come: wait until the allocator has nothing planned or in flight and
        // no proposal has arrived for a second, so that a late answer is never timed as the next
        // change's (with the clock still, a late proposal cannot be told from the next one's).
        await allocatorIdle(allocator.port, 120_000);
        for (let quiet = arrivals.length; ; quiet = arrivals.length) {
          await sleep(1000);
          if (arrivals.length === quiet) break;
        }
      }
      await sleep(150);
    }
    if (timeouts > 0) {
      say(`${timeouts} changes gave no proposal within ${LATENCY_TIMEOUT_MS / 1000} s (counted as ${LATENCY_TIMEOUT_MS} ms)`);
      if (process.env.BENCH_DEBUG) say(JSON.stringify({ status: await (await fetch(`http://127.0.0.1:${allocator.port}/status`)).json(), lag: await groupLag(admin, 'bench-latency-allocator') }));
      if (process.env.BENCH_DEBUG) say(allocator.log().split("\n").filter((l) => /published|warn|error|dead/.test(l)).slice(-30).join("\n"));
    }
    // Settle: the last change's plan may still be publishing its loans.
    await sleep(500);
    if (process.env.BENCH_DEBUG) say(`samples (ms): ${samples.map((v) => v.toFixed(0)).join(' ')}`);
    return { p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples), samples: samples.length, timeouts, loopDelayMaxMs: await loopDelayMaxMs(allocator.port), worker: workerFigures(allocator.log(), samples.length - timeouts) };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.disconnect();
    await producer.disconnect();
    await allocator.stop();
  }
}

async function bootstrap(brokers: string): Promise<{ events: number; produceMs: number; readyMs: number; loadMs?: number; firstPlanMs?: number }> {
  const kafka = new Kafka({ clientId: 'bench', brokers: [brokers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const events = padEvents(worldEvents({ missions: 120, demands: 300, binding: true, seed: SEED }), 100_000, SEED);
  say(`producing ${events.length} events...`);
  const produceMs = await produceAll(producer, events);
  await producer.disconnect();
  say(`produced in ${(produceMs / 1000).toFixed(1)} s; starting the allocator on them`);
  const launched = Date.now();
  const allocator = startAllocator(brokers, 'bench-bootstrap');
  try {
    const readyMs = await allocatorReady(allocator, 180_000);
    const log = allocator.log();
    // From the start of the read (its end minus its own duration) to the first proposal published.
    const loadMs = stateLoadMs(log);
    const loadedAt = loggedAt(log, 'state loaded');
    const publishedAt = loggedAt(log, 'proposal published');
    const firstPlanMs = loadMs !== undefined && loadedAt !== undefined && publishedAt !== undefined ? publishedAt - (loadedAt - loadMs) : undefined;
    if (firstPlanMs === undefined) say(`no first proposal found in the allocator's log (launched ${launched})`);
    return { events: events.length, produceMs, readyMs, loadMs, firstPlanMs };
  } finally {
    await allocator.stop();
  }
}

async function withBroker<T>(run: (brokers: string) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'imc-bench-kafka-'));
  const kafka = await LocalKafka.start({ port: 32000 + Math.floor(Math.random() * 350) * 2, dataDir });
  try {
    // The topics first, as npm start does: events produced to a missing topic would have the
    // broker create it with its defaults (7 days, no compaction), and the allocator refuses those.
    const admin = new Kafka({ clientId: 'bench-topics', brokers: [kafka.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await ensureTopics(admin);
    await admin.disconnect();
    return await run(kafka.brokers);
  } finally {
    await kafka.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function kafkaBench(): Promise<void> {
  // The allocator runs compiled, as production runs it: from the sources as they are now.
  ensureBuilt((line) => say(line));
  say(`event -> proposal latency, 16 missions, ${LATENCY_SAMPLES} changes...`);
  const lat = process.argv.includes('--dense-only') ? undefined : await withBroker((brokers) => latency(brokers));
  say(`event -> proposal latency, dense 120 missions / 300 demands, ${DENSE_SAMPLES} changes to one demand...`);
  const dense = await withBroker((brokers) => latency(brokers, denseWorldEvents({ missions: 120, demands: 300, seed: 12 }), DENSE_SAMPLES));
  say(`the same at the moment of the world's latest event (the clock does not move: incremental re-plan), ${DENSE_SAMPLES} changes...`);
  const still = await withBroker((brokers) => latency(brokers, denseWorldEvents({ missions: 120, demands: 300, seed: 12 }), DENSE_SAMPLES, 'still'));
  const latencyRow = (r: LatencyResult, what: string): string[] => [
    `event -> proposal latency, dense 120/300, p50 / p99 / max (${r.samples} changes to one demand ${what}, ${r.timeouts} timed out)`,
    `${r.p50.toFixed(0)} / ${r.p99.toFixed(0)} / ${r.max.toFixed(0)} ms`,
    r.p99 <= 1000 ? 'meets p99 <= 1 s' : 'MISSES p99 <= 1 s',
  ];
  const workerRow = (r: LatencyResult, what: string): string[] => [
    `dense 120/300 ${what}: in the planning worker, medians of those plans: problem build / model+solve+decode; components reused`,
    r.worker ? `${r.worker.buildMsP50} / ${r.worker.planMsP50} ms; ${r.worker.reusedP50} of ${r.worker.components}` : 'n/a',
    '',
  ];
  const denseRows = [
    latencyRow(dense, 'a minute apart'),
    workerRow(dense, 'a minute apart'),
    latencyRow(still, 'at one moment'),
    workerRow(still, 'at one moment'),
  ];
  const loopRow = [
    "dense 120/300: allocator's event loop, longest delay during a plan (imc_plan_event_loop_delay_max_seconds, since start; of the changes' plans)",
    `${dense.loopDelayMaxMs?.toFixed(0) ?? 'n/a'} ms; ${dense.worker?.loopDelayMaxMs ?? 'n/a'} ms`,
    dense.loopDelayMaxMs !== undefined && dense.loopDelayMaxMs <= 50 ? 'meets <= 50 ms' : 'MISSES <= 50 ms',
  ];
  if (!lat || process.argv.includes('--latency-only')) {
    for (const row of [...denseRows, loopRow]) console.log(`  ${row.join('  ')}`);
    console.log(JSON.stringify({ kafka: { latency: lat, denseLatency: dense, denseLatencyOneMoment: still } }));
    return;
  }
  say('bootstrap of 100k events...');
  const boot = await withBroker(bootstrap);
  const timeouts = lat.timeouts > 0 ? `, ${lat.timeouts} timed out (counted as ${LATENCY_TIMEOUT_MS / 1000} s)` : ', none timed out';
  const rows = [
    [`event -> proposal latency p50 (16 missions, debounce 200 ms, ${lat.samples} changes${timeouts})`, `${lat.p50.toFixed(0)} ms`, ''],
    ['event -> proposal latency p99', `${lat.p99.toFixed(0)} ms`, lat.p99 <= 500 ? 'meets <= 500 ms' : 'MISSES <= 500 ms'],
    ['event -> proposal latency max', `${lat.max.toFixed(0)} ms`, ''],
    ...denseRows,
    loopRow,
    [
      `bootstrap ${boot.events} events: read + rebuild + first proposal published`,
      boot.firstPlanMs !== undefined ? `${(boot.firstPlanMs / 1000).toFixed(2)} s` : 'n/a',
      boot.firstPlanMs !== undefined && boot.firstPlanMs <= 10_000 ? 'meets <= 10 s' : 'MISSES <= 10 s',
    ],
    ['bootstrap: of which read + rebuild (before the first plan)', boot.loadMs !== undefined ? `${(boot.loadMs / 1000).toFixed(2)} s` : 'n/a', ''],
    ['bootstrap: process start to ready (incl. Node/TS start-up)', `${(boot.readyMs / 1000).toFixed(2)} s`, ''],
    ['producing the 100k events (replay throughput)', `${(boot.produceMs / 1000).toFixed(2)} s`, `${Math.round(boot.events / (boot.produceMs / 1000))} events/s`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log('\nAllocator over Kafka');
  for (const [what, value, note] of rows) console.log(`  ${what.padEnd(width)}  ${value.padStart(9)}  ${note}`);
  console.log(JSON.stringify({ kafka: { latency: lat, denseLatency: dense, denseLatencyOneMoment: still, bootstrap: boot, inputTopics: INPUT_TOPICS.length } }));
}

if (require.main === module) {
  kafkaBench().catch((error: unknown) => {
    console.error(`[bench:kafka] ${errorMessage(error)}`);
    process.exit(1);
  });
}
