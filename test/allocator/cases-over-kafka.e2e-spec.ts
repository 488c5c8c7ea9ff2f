import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { replayFile } from '../../scripts/replay/replay';
import { client, embeddedFinal, privateBroker, proposalFingerprint, publishedProposals, SCENARIOS, settled } from '../support/allocator-harness';
import { eventually, startService } from '../support/services';

const files = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();

/**
 * Every scenario on one private broker, one after the other: each runs against topics of its own
 * (the topics of the one before are deleted once its allocator has stopped, and the next
 * allocator creates them afresh), with a consumer group and a transactional id of its own. One
 * broker for all saves a broker's start per file.
 */
describe('every scenario replayed through Kafka gives the same final proposal as the plan command', () => {
  let broker: Awaited<ReturnType<typeof privateBroker>>;
  beforeAll(async () => {
    broker = await privateBroker();
  }, 120_000);
  afterAll(async () => {
    await broker?.dispose();
  });

  /** Deletes every topic of the scenario before (internal ones stay), and waits until they are gone. */
  async function freshTopics(): Promise<void> {
    const admin = client(broker.kafka.brokers).admin();
    await admin.connect();
    try {
      const ours = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
      if (ours.length > 0) await admin.deleteTopics({ topics: ours, timeout: 30_000 });
      await eventually(async () => ((await admin.listTopics()).some((t) => !t.startsWith('__')) ? undefined : true), 30_000, 'the topics of the scenario before to be deleted');
    } finally {
      await admin.disconnect();
    }
  }

  it('has scenarios to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(11);
  });

  it.each(files.map((file, i) => [file, i] as const))('%s', async (file, i) => {
    const path = join(SCENARIOS, file);
    const expected = await embeddedFinal(path);
    await freshTopics();
    const instance = `cases-${String(i).padStart(2, '0')}`;
    const allocator = await startService('allocator', { KAFKA_BROKERS: broker.kafka.brokers, IMC_INSTANCE: instance });
    try {
      const summary = await replayFile(path, [broker.kafka.brokers], { allocatorGroup: `${instance}-allocator`, moments: true });
      expect(summary.waits).toEqual([]);
      expect(summary.unroutable).toEqual([]);
      await settled(allocator, broker.kafka.brokers, instance);
      const published = await publishedProposals(broker.kafka.brokers);
      const last = published[published.length - 1];
      expect(last).toBeDefined();
      expect(last.asOf).toBe(expected.asOf);
      expect(proposalFingerprint(last)).toBe(proposalFingerprint(expected));
      // Versions are a gapless sequence from 1: nothing of the scenario before is left.
      expect(published.map((p) => p.version)).toEqual(published.map((_, n) => n + 1));
    } finally {
      await allocator.stop();
    }
  });
});
