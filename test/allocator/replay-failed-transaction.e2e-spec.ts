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

interface Run {
  fileIds: string[];
  /** The ids of the moment whose first attempt failed. */
  failedIds: string[];
  attempts: number[];
  committed: string[];
  raw: RawRecord[];
}

/**
 * Replays v3-renewal.jsonl transactionally on a broker of its own; the third moment's first
 * attempt fails where `fault` says. Returns what a read_committed reader and a read_uncommitted
 * one find on the input topics.
 */
async function replayWithFault(fault: 'afterSend' | 'inCommit' | 'afterCommit'): Promise<Run> {
  const source = join(SCENARIOS, 'v3-renewal.jsonl');
  const routed = routeScenario(readFileSync(source, 'utf8')).routed;
  const broker = await privateBroker();
  const kafka = new Kafka({ clientId: 'e2e-replay-tx', brokers: [broker.kafka.brokers], logLevel: logLevel.NOTHING });
  try {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: INPUT_TOPICS.map((topic) => ({ topic })) });
    await admin.disconnect();
    const third = momentEnd(routed, momentEnd(routed, 0));
    const failedMoment = routed.slice(third, momentEnd(routed, third));
    const failing = failedMoment[0].line;
    const attempts: number[] = [];
    const summary = await replayFile(source, [broker.kafka.brokers], {
      moments: true,
      transactional: true,
      faults: {
        [fault]: (line: number, attempt: number) => {
          if (line !== failing) return;
          attempts.push(attempt);
          if (attempt === 1) throw new Error(`injected: the transaction fails (${fault})`);
        },
      },
    });
    expect(summary.sent).toBe(routed.length);
    const fileIds = routed.map((r) => eventIdOf(r.value, {}) ?? '?');
    const failedIds = failedMoment.map((r) => eventIdOf(r.value, {}) ?? '?');
    const committed: string[] = [];
    for (const topic of INPUT_TOPICS) for (const r of await readTopic(topic, kafka)) committed.push(eventIdOf(r.value, r.headers) ?? '?');
    // Every record on the log, those of aborted transactions included.
    const raw: RawRecord[] = [];
    for (const topic of INPUT_TOPICS) for (const r of await readTopic(topic, kafka, { readUncommitted: true })) raw.push({ id: eventIdOf(r.value, r.headers) ?? '?', epoch: r.producerEpoch });
    return { fileIds, failedIds, attempts, committed, raw };
  } finally {
    await broker.dispose();
  }
}

/**
 * `replay --transactional` sends a moment again whole when its transaction fails. The first copy is
 * aborted; the second must come from a new producer epoch, so that nothing the failed producer
 * still had in flight can join the second transaction (the moment twice on a partition) and the
 * resent batches are not taken for the aborted ones' duplicates (the moment lost). A three-broker
 * run once found a moment's crisis twice on its topic before the replay replaced its producer.
 * A commit reported failed may have been made all the same: then the moment is not sent again.
 */
describe('replay --transactional, a moment whose transaction fails', () => {
  // inCommit: the commit call fails before it is made, so the replay is in doubt and finds it not made.
  it.each(['afterSend', 'inCommit'] as const)('%s: is on the topics once, from a new producer epoch, and the aborted copy is not read', async (fault) => {
    const run = await replayWithFault(fault);
    expect(run.attempts).toEqual([1, 2]);
    expect([...run.committed].sort()).toEqual([...run.fileIds].sort());
    // The failed moment's records are on the log twice: aborted at one epoch, committed at a later one.
    for (const id of run.failedIds) {
      const epochs = run.raw.filter((r) => r.id === id).map((r) => r.epoch);
      expect([id, epochs.length]).toEqual([id, 2]);
      expect(epochs[1]).toBeGreaterThan(epochs[0]);
    }
    expect(run.raw.length).toBe(run.fileIds.length + run.failedIds.length);
  }, 120_000);

  it('afterCommit, a commit made but reported failed: is found committed and not sent again', async () => {
    const run = await replayWithFault('afterCommit');
    // One attempt: the second would have sent the moment again.
    expect(run.attempts).toEqual([1]);
    expect([...run.committed].sort()).toEqual([...run.fileIds].sort());
    // No aborted copy either: every record on the log once.
    expect([...run.raw.map((r) => r.id)].sort()).toEqual([...run.fileIds].sort());
  }, 120_000);
});
