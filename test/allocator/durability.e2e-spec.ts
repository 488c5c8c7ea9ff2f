import { join, resolve } from 'node:path';
import { ConfigResourceTypes } from 'kafkajs';
import { TOPICS } from '@imc/contracts';
import { launchApp } from '../../scripts/support/app-process';
import { replayFile } from '../../scripts/replay/replay';
import { allocatorStatus, client, privateBroker, proposalFingerprint, publishedProposals, SCENARIOS, settled } from '../support/allocator-harness';
import { readTopic } from '../support/kafka-client';
import { eventually, freePort, startService } from '../support/services';

const DAY = 24 * 3600 * 1000;
const SHIFT = -30 * DAY;
const SHIFT_CLOCK = resolve(__dirname, '..', 'support', 'shift-clock.js');


async function offsets(brokers: string, topics: string[]): Promise<Record<string, { low: number; high: number }>> {
  const admin = client(brokers).admin();
  await admin.connect();
  try {
    const out: Record<string, { low: number; high: number }> = {};
    for (const topic of topics) {
      const [p] = await admin.fetchTopicOffsets(topic);
      out[topic] = { low: Number(p.low), high: Number(p.high) };
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

describe('Kafka keeps what a restart reads', () => {
  it('keeps records written 30 days ago through the broker retention check, and a restarted allocator ends where the live one was', async () => {
    // The broker looks for expired segments every second instead of every 5 minutes.
    const broker = await privateBroker({ 'log.retention.check.interval.ms': '1000' });
    const brokers = broker.kafka.brokers;
    // The live allocator, the replay and the decisions all run 30 days in the past.
    const past = { NODE_OPTIONS: `--require ${SHIFT_CLOCK}`, IMC_TEST_CLOCK_SHIFT_MS: String(SHIFT) };
    let allocator = await startService('allocator', { KAFKA_BROKERS: brokers, IMC_INSTANCE: 'aged', ...past });
    try {
      const real = Date.now.bind(Date);
      const clock = jest.spyOn(Date, 'now').mockImplementation(() => real() + SHIFT);
      try {
        const summary = await replayFile(join(SCENARIOS, 'demo-2010-2012.jsonl'), [brokers], { allocatorGroup: 'aged-allocator', waitTimeoutMs: 60_000 });
        expect(summary.waits).toEqual([]);
        expect(summary.byTopic[TOPICS.decisions]).toBeGreaterThan(0);
      } finally {
        clock.mockRestore();
      }
      await settled(allocator, brokers, 'aged');
      const live = await allocatorStatus(allocator);
      expect(live.proposal?.version).toBeGreaterThan(1);
      expect(live.loans).toBeGreaterThan(0);
      await allocator.stop();

      const kept = [TOPICS.crises, TOPICS.demands, TOPICS.decisions, TOPICS.proposals, TOPICS.loans, TOPICS.units, TOPICS.missions];
      const written = await offsets(brokers, kept);
      // Really written a month ago: the newest record of each topic is 29 days old or more.
      for (const topic of [TOPICS.crises, TOPICS.demands, TOPICS.decisions, TOPICS.proposals]) {
        const records = await readTopic(topic, client(brokers));
        expect(records.length).toBeGreaterThan(0);
        expect(Date.now() - Math.max(...records.map((r) => Number(r.timestamp)))).toBeGreaterThan(29 * DAY);
      }

      // A control topic at the broker's usual 7 days, holding one record as old: once the broker
      // has deleted it, the retention check has run over the month-old records too.
      const admin = client(brokers).admin();
      await admin.connect();
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'control.week', configEntries: [{ name: 'retention.ms', value: String(7 * DAY) }] }] });
      const producer = client(brokers).producer();
      await producer.connect();
      await producer.send({ topic: 'control.week', acks: -1, messages: [{ key: 'k', value: 'old', timestamp: String(Date.now() + SHIFT) }] });
      await producer.disconnect();
      await admin.disconnect();
      await eventually(async () => {
        const { low, high } = (await offsets(brokers, ['control.week']))['control.week'];
        return high === 1 && low === 1 ? true : undefined;
      }, 60_000, 'the broker to delete the 30-day-old control record');

      expect(await offsets(brokers, kept)).toEqual(written);
      for (const topic of kept) expect([topic, written[topic].low]).toEqual([topic, 0]);

      const before = await publishedProposals(brokers);
      allocator = await startService('allocator', { KAFKA_BROKERS: brokers, IMC_INSTANCE: 'aged' });
      await settled(allocator, brokers, 'aged');
      expect(await allocatorStatus(allocator)).toEqual(live);
      const after = await publishedProposals(brokers);
      // Nothing re-planned differently, no version issued twice.
      expect(after.map((p) => p.version)).toEqual(after.map((_, i) => i + 1));
      expect(proposalFingerprint(after[after.length - 1])).toBe(proposalFingerprint(before[before.length - 1]));
    } finally {
      await allocator.stop();
      await broker.dispose();
    }
  });

  it('refuses to start on a topic created with the 7-day default, naming it, unless told to accept the loss', async () => {
    const broker = await privateBroker();
    const brokers = broker.kafka.brokers;
    try {
      const admin = client(brokers).admin();
      await admin.connect();
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPICS.crises, configEntries: [{ name: 'retention.ms', value: String(7 * DAY) }] }] });
      const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: TOPICS.crises, configNames: ['retention.ms'] }] });
      expect(described.resources[0].configEntries[0].configValue).toBe(String(7 * DAY));
      await admin.disconnect();

      const refused = launchApp('allocator', { ...process.env, KAFKA_BROKERS: brokers, IMC_INSTANCE: 'lossy', NODE_ENV: 'test', LOG_LEVEL: 'warn', ALLOCATOR_PORT: String(freePort()) }, { capture: true });
      const code = await new Promise<number | null>((r) => refused.child.once('exit', (c) => r(c)));
      expect(code).toBe(1);
      const last = refused.output().trim().split('\n').pop();
      expect(last).toMatch(/^allocator: topic imc\.crises: retention\.ms=604800000 \(needs -1[^\n]*IMC_ALLOW_LOSSY_TOPICS=true/);
      expect(last).not.toContain('imc.demands');

      const accepted = await startService('allocator', { KAFKA_BROKERS: brokers, IMC_INSTANCE: 'lossy', IMC_ALLOW_LOSSY_TOPICS: 'true' });
      try {
        expect(accepted.output()).toMatch(/IMC_ALLOW_LOSSY_TOPICS=true: starting although state can be lost: topic imc\.crises: retention\.ms=604800000/);
      } finally {
        await accepted.stop();
      }
    } finally {
      await broker.dispose();
    }
  });
});
