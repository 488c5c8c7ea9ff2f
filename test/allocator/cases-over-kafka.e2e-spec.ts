import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { replayFile } from '../../scripts/replay/replay';
import { embeddedFinal, privateBroker, proposalFingerprint, publishedProposals, SCENARIOS, settled } from '../support/allocator-harness';
import { startService } from '../support/services';

const files = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();

describe('every scenario replayed through Kafka gives the same final proposal as the plan command', () => {
  it('has scenarios to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(11);
  });

  it.each(files)('%s', async (file) => {
    const path = join(SCENARIOS, file);
    const expected = await embeddedFinal(path);
    const broker = await privateBroker();
    const instance = `cases-${file.slice(0, 2)}`;
    const allocator = await startService('allocator', { KAFKA_BROKERS: broker.kafka.brokers, IMC_INSTANCE: instance });
    try {
      const summary = await replayFile(path, [broker.kafka.brokers], { allocatorGroup: `${instance}-allocator` });
      expect(summary.waits).toEqual([]);
      expect(summary.unroutable).toEqual([]);
      await settled(allocator, broker.kafka.brokers, instance);
      const published = await publishedProposals(broker.kafka.brokers);
      const last = published[published.length - 1];
      expect(last).toBeDefined();
      expect(last.asOf).toBe(expected.asOf);
      expect(proposalFingerprint(last)).toBe(proposalFingerprint(expected));
      // Versions are a gapless sequence from 1.
      expect(published.map((p) => p.version)).toEqual(published.map((_, i) => i + 1));
    } finally {
      await allocator.stop();
      await broker.dispose();
    }
  });
});
