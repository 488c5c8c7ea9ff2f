import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ConfigResourceTypes } from 'kafkajs';
import { DLQ_HEADERS, TOPIC_SPECS, TOPICS } from '@imc/contracts';
import { compiledEntry } from '../scripts/support/app-process';
import { produce, readTopic, testKafka } from './support/kafka-client';
import { envelope, mission } from './support/events';
import { eventually, freePort, ServiceHandle, startService } from './support/services';

describe('foundation: the allocator on a real broker', () => {
  let allocator: ServiceHandle;

  beforeAll(async () => {
    allocator = await startService('allocator', { IMC_INSTANCE: 'foundation' });
  });

  afterAll(async () => {
    await allocator?.stop();
  });

  it('creates every topic of the contract with the retention the contract gives it', async () => {
    const admin = testKafka().admin();
    await admin.connect();
    const topics = await admin.listTopics();
    for (const spec of TOPIC_SPECS) expect(topics).toContain(spec.name);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: TOPIC_SPECS.map((s) => ({ type: ConfigResourceTypes.TOPIC, name: s.name, configNames: ['cleanup.policy', 'retention.ms', 'retention.bytes'] })),
    });
    await admin.disconnect();
    const actual = Object.fromEntries(configs.resources.map((r) => [r.resourceName, Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue]))]));
    // Written out rather than derived from topicConfig, so a wrong topicConfig fails here.
    const forever = { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '-1' };
    const compact = { 'cleanup.policy': 'compact' };
    const expected: Record<string, Record<string, string>> = {
      [TOPICS.missions]: compact,
      [TOPICS.units]: compact,
      [TOPICS.consents]: compact,
      [TOPICS.policies]: compact,
      [TOPICS.crises]: forever,
      [TOPICS.demands]: forever,
      [TOPICS.clock]: forever,
      [TOPICS.decisions]: forever,
      [TOPICS.proposals]: forever,
      [TOPICS.loans]: compact,
      [TOPICS.dlq]: { 'cleanup.policy': 'delete', 'retention.ms': String(30 * 24 * 3600 * 1000), 'retention.bytes': '-1' },
      // Holds no records: the allocators' consumer group over its one partition is the lease.
      [TOPICS.lease]: { 'cleanup.policy': 'delete', 'retention.ms': String(24 * 3600 * 1000) },
    };
    for (const spec of TOPIC_SPECS) expect([spec.name, actual[spec.name]]).toEqual([spec.name, expect.objectContaining(expected[spec.name])]);
  });

  it('answers live and ready', async () => {
    expect((await fetch(`${allocator.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${allocator.url}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { info: Record<string, { status: string }> };
    expect(body.info.kafka.status).toBe('up');
    expect(body.info.state.status).toBe('up');
  });

  it('consumes a CloudEvent published to an input topic', async () => {
    await produce(TOPICS.missions, [{ key: 'UNMIL', value: envelope('foundation-mission-1', 'imc.mission.upserted', '2010-11-01T00:00:00Z', mission('UNMIL', 1)) }]);
    const status = await eventually(async () => {
      const s = (await (await fetch(`${allocator.url}/status`)).json()) as { asOf: string | null; events: { applied: number } };
      return s.asOf === '2010-11-01T00:00:00.000Z' || s.asOf === '2010-11-01T00:00:00Z' ? s : undefined;
    }, 20_000, 'the allocator to apply the mission event');
    expect(status.events.applied).toBeGreaterThanOrEqual(1);
    const metrics = await (await fetch(`${allocator.url}/metrics`)).text();
    expect(metrics).toMatch(/imc_events_consumed_total\{type="imc.mission.upserted"\} [1-9]/);
    // Lag is measured every 5 s from the broker's side: everything consumed is committed.
    await eventually(async () => {
      const text = await (await fetch(`${allocator.url}/metrics`)).text();
      return /imc_consumer_lag\{topic="imc.missions",partition="0"\} 0/.test(text) ? true : undefined;
    }, 15_000, 'the consumer lag metric');
  });

  it('sends a message that is not JSON to the dead-letter topic with its reason, unchanged', async () => {
    await produce(TOPICS.missions, [{ key: 'junk', value: 'this is { not json' }]);
    const dead = await eventually(async () => (await readTopic(TOPICS.dlq)).find((r) => r.value === 'this is { not json'), 20_000, 'the DLQ record');
    expect(dead.key).toBe('junk');
    expect(dead.headers[DLQ_HEADERS.reason]).toMatch(/JSON/i);
    expect(dead.headers[DLQ_HEADERS.originalTopic]).toBe(TOPICS.missions);
    expect(Number(dead.headers[DLQ_HEADERS.originalOffset])).toBeGreaterThanOrEqual(0);
  });
});

describe('foundation: configuration errors', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [compiledEntry('allocator')], {
      cwd: resolve(__dirname, '..'),
      env: { ...process.env, ALLOCATOR_PORT: String(freePort()), ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('refuses a malformed KAFKA_BROKERS with one line and exit 1', () => {
    const result = run({ KAFKA_BROKERS: 'kafka://nowhere' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('KAFKA_BROKERS must be');
  });

  it('refuses an unreachable broker with one line and exit 1, naming the address it tried', () => {
    const port = freePort();
    const result = run({ KAFKA_BROKERS: `127.0.0.1:${port}` });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(new RegExp(`cannot reach Kafka at 127\\.0\\.0\\.1:${port} within 10 s`));
  });
});
