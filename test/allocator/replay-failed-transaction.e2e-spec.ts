import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { INPUT_TOPICS } from '@imc/contracts';
import { momentEnd, replayFile, routeScenario } from '../../scripts/replay/replay';
import { eventIdOf } from '../../scripts/support/demo-world';
import { privateBroker, SCENARIOS } from '../support/allocator-harness';
import { readTopic } from '../support/kafka-client';

interface RawRecord {
  id: string;
  epoch: number;
}

/** Every record of the input topics, those of aborted transactions included (read_uncommitted). */
async function readUncommitted(kafka: Kafka, expected: number): Promise<RawRecord[]> {
  const consumer = kafka.consumer({ groupId: `e2e-raw-${Date.now()}`, readUncommitted: true });
  const out: RawRecord[] = [];
  await consumer.connect();
  try {
    for (const topic of INPUT_TOPICS) await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${out.length} raw records, expected at least ${expected}`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString()]));
          out.push({ id: eventIdOf(message.value?.toString() ?? null, headers) ?? '?', epoch: Number((message as unknown as { batchContext: { producerEpoch: number } }).batchContext.producerEpoch) });
          if (out.length >= expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

/**
 * `replay --transactional` sends a moment again whole when its transaction fails. The first copy is
 * aborted; the second must come from a new producer epoch, so that nothing the failed producer
 * still had in flight can join the second transaction (the moment twice on a partition) and the
 * resent batches are not taken for the aborted ones' duplicates (the moment lost). A three-broker
 * run once found a moment's crisis twice on its topic before the replay replaced its producer.
 */
describe('replay --transactional, a moment whose transaction fails after its send', () => {
  it('is on the topics once, from a new producer epoch, and the aborted copy is not read', async () => {
    const source = join(SCENARIOS, 'v3-renewal.jsonl');
    const routed = routeScenario(readFileSync(source, 'utf8')).routed;
    const broker = await privateBroker();
    const kafka = new Kafka({ clientId: 'e2e-replay-tx', brokers: [broker.kafka.brokers], logLevel: logLevel.NOTHING });
    try {
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: INPUT_TOPICS.map((topic) => ({ topic })) });
      await admin.disconnect();
      // The third moment's first attempt fails between its send and its commit.
      const third = momentEnd(routed, momentEnd(routed, 0));
      const failedMoment = routed.slice(third, momentEnd(routed, third));
      const failing = failedMoment[0].line;
      const attempts: number[] = [];
      const summary = await replayFile(source, [broker.kafka.brokers], {
        moments: true,
        transactional: true,
        beforeCommit: (line, attempt) => {
          if (line !== failing) return;
          attempts.push(attempt);
          if (attempt === 1) throw new Error('injected: the transaction fails after its send');
        },
      });
      expect(attempts).toEqual([1, 2]);
      expect(summary.sent).toBe(routed.length);

      const fileIds = routed.map((r) => eventIdOf(r.value, {}) ?? '?');
      const committed: string[] = [];
      for (const topic of INPUT_TOPICS) for (const r of await readTopic(topic, kafka)) committed.push(eventIdOf(r.value, r.headers) ?? '?');
      expect([...committed].sort()).toEqual([...fileIds].sort());

      // The failed moment's records are on the log twice: aborted at one epoch, committed at a later one.
      const failedIds = new Set(failedMoment.map((r) => eventIdOf(r.value, {})));
      expect(failedIds.size).toBe(failedMoment.length);
      const raw = await readUncommitted(kafka, fileIds.length + failedIds.size);
      for (const id of failedIds) {
        const epochs = raw.filter((r) => r.id === id).map((r) => r.epoch);
        expect([id, epochs.length]).toEqual([id, 2]);
        expect(epochs[1]).toBeGreaterThan(epochs[0]);
      }
      expect(raw.length).toBe(fileIds.length + failedIds.size);
    } finally {
      await broker.dispose();
    }
  }, 120_000);
});
