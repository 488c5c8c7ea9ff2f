import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { TopicFollower } from './topic-follower';

type Batch = { batch: { topic: string; partition: number; messages: Partial<KafkaMessage>[] }; resolveOffset: (offset: string) => void };

/** A kafkajs consumer as the follower uses it: events, run, seek. No broker. */
class ConsumerDouble extends EventEmitter {
  readonly events = { END_BATCH_PROCESS: 'end-batch', CRASH: 'crash' };
  readonly seeks: { topic: string; partition: number; offset: string }[] = [];
  runOptions: { autoCommit: boolean; eachBatch: (p: Batch) => Promise<void> } | undefined;
  async connect(): Promise<void> {}
  async subscribe(): Promise<void> {}
  async run(options: ConsumerDouble['runOptions']): Promise<void> {
    this.runOptions = options;
  }
  seek(at: { topic: string; partition: number; offset: string }): void {
    this.seeks.push(at);
  }
  async disconnect(): Promise<void> {}
}

describe('TopicFollower', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('hands over each record once, from its position on, and moves its positions by record and by batch', async () => {
    const made: ConsumerDouble[] = [];
    const kafka = { consumer: () => made[made.push(new ConsumerDouble()) - 1] } as unknown as Kafka;
    const seen: string[] = [];
    let running = 0;
    const follower = new TopicFollower(kafka, {
      groupId: 'g',
      topics: ['t'],
      fromBeginning: true,
      commit: false,
      sessionTimeout: 30_000,
      rejoinMs: 10_000,
      name: 'test consumer',
      onRecord: (topic, partition, m) => seen.push(`${topic}:${partition}@${m.offset}`),
      onRunning: () => running++,
    });
    await follower.start(new Map([['t:0', 5n]]));
    expect(made[0].seeks).toEqual([{ topic: 't', partition: 0, offset: '5' }]);
    expect([running, made[0].runOptions?.autoCommit]).toEqual([1, false]);
    const resolved: string[] = [];
    // A consumer kafkajs restarted may begin before the position: those records were handed over.
    await made[0].runOptions?.eachBatch({ batch: { topic: 't', partition: 0, messages: [{ offset: '4' }, { offset: '5' }, { offset: '6' }] }, resolveOffset: (o) => resolved.push(o) });
    expect(seen).toEqual(['t:0@5', 't:0@6']);
    expect(resolved).toEqual(['4', '5', '6']);
    expect(follower.positions.get('t:0')).toBe(7n);
    // A batch of transaction markers only ends further on without a record.
    made[0].emit('end-batch', { payload: { topic: 't', partition: 0, lastOffset: '9' } });
    expect(follower.positions.get('t:0')).toBe(10n);
    made[0].emit('end-batch', { payload: { topic: 't', partition: 0, lastOffset: '3' } });
    expect(follower.positions.get('t:0')).toBe(10n);
    await follower.stop();
  });
});
