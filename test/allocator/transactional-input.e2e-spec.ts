import { join } from 'node:path';
import { replayFile } from '../../scripts/replay/replay';
import { consumerLag, embeddedProposals, planHistory, privateBroker, publishedProposals, SCENARIOS, settled } from '../support/allocator-harness';
import { startService } from '../support/services';

/**
 * Inputs written by a transactional producer, each moment of the file in a transaction of its own
 * (as an upstream system with exactly-once writes would). Each transaction leaves a commit marker
 * after its records, which no reader is given: the allocator must still count the partition as
 * caught up and commit past the marker, or the group's lag stays at 1 per partition for good (the
 * replay's decisions then wait for it in vain, health reports a lag, and every moment waits for
 * the idle bound).
 */
describe('inputs from a transactional producer', () => {
  it('are consumed to the end (lag 0), and the published history is plan --all\'s, version by version', async () => {
    const source = join(SCENARIOS, 'v3-renewal.jsonl');
    const planned = await embeddedProposals(source);
    const broker = await privateBroker();
    const instance = 'txin';
    const allocator = await startService('allocator', { KAFKA_BROKERS: broker.kafka.brokers, IMC_INSTANCE: instance });
    try {
      const summary = await replayFile(source, [broker.kafka.brokers], { allocatorGroup: `${instance}-allocator`, moments: true, transactional: true, waitTimeoutMs: 30_000 });
      // A decision is sent once the allocator has consumed everything before it: with a lag stuck at 1, it never has.
      expect(summary.waits).toEqual([]);
      await settled(allocator, broker.kafka.brokers, instance, 60_000);
      expect(await consumerLag(broker.kafka.brokers, instance)).toBe(0);
      const published = await publishedProposals(broker.kafka.brokers);
      expect(planned.length).toBeGreaterThan(1);
      expect(planHistory(published)).toEqual(planHistory(planned));
    } finally {
      await allocator.stop();
      await broker.dispose();
    }
  }, 240_000);
});
