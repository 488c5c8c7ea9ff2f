import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { TOPICS } from '@imc/contracts';
import { AppConfig } from '@imc/platform';
import { Admin, Kafka } from 'kafkajs';
import { CompactionGuard } from '../durability/compaction-guard';
import { AllocatorState } from '../state/allocator-state';
import { StandbyFollower, StandbyWorld } from './follower';

/** A kafkajs consumer as the follower uses it: events, run, seek. No broker. */
class ConsumerDouble extends EventEmitter {
  readonly events = { END_BATCH_PROCESS: 'end-batch', CRASH: 'crash' };
  readonly seeks: { topic: string; partition: number; offset: string }[] = [];
  disconnected = false;
  async connect(): Promise<void> {}
  async subscribe(): Promise<void> {}
  async run(): Promise<void> {}
  seek(at: { topic: string; partition: number; offset: string }): void {
    this.seeks.push(at);
  }
  async disconnect(): Promise<void> {
    this.disconnected = true;
  }
}

describe('StandbyWorld.take', () => {
  it('skips a proposal or a loan record without data instead of throwing out of the consumer', () => {
    const world = new StandbyWorld(new AllocatorState(new AppConfig()), new CompactionGuard());
    for (const topic of [TOPICS.proposals, TOPICS.loans]) {
      expect(() => world.take(topic, Buffer.from('{"specversion":"1.0","id":"x"}'), null, undefined)).not.toThrow();
      expect(() => world.take(topic, Buffer.from('null'), null, undefined)).not.toThrow();
    }
    expect(world.skipped).toBe(4);
  });
});

describe('StandbyFollower', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('follows again, from where it had read, when kafkajs gives up on its consumer', async () => {
    const made: ConsumerDouble[] = [];
    const kafka = { consumer: () => made[made.push(new ConsumerDouble()) - 1] } as unknown as Kafka;
    const admin = { deleteGroups: async () => undefined } as unknown as Admin;
    const world = new StandbyWorld(new AllocatorState(new AppConfig()), new CompactionGuard());
    const follower = new StandbyFollower(kafka, admin, 'imc-allocator', world, 10);
    await follower.start(new Map([[`${TOPICS.crises}:0`, 5n]]));
    expect(made[0].seeks).toEqual([{ topic: TOPICS.crises, partition: 0, offset: '5' }]);
    made[0].emit('end-batch', { payload: { topic: TOPICS.crises, partition: 0, lastOffset: '9' } });
    // A crash kafkajs restarts itself is left to it.
    made[0].emit('crash', { payload: { error: new Error('rebalancing'), restart: true } });
    await new Promise((r) => setTimeout(r, 50));
    expect(made).toHaveLength(1);
    made[0].emit('crash', { payload: { error: new Error('Failed to find group coordinator'), restart: false } });
    await new Promise((r) => setTimeout(r, 50));
    expect(made).toHaveLength(2);
    expect(made[0].disconnected).toBe(true);
    expect(made[1].seeks).toEqual([{ topic: TOPICS.crises, partition: 0, offset: '10' }]);
    await follower.stop();
    // Stopped (taking over): a late crash does not bring it back.
    made[1].emit('crash', { payload: { error: new Error('x'), restart: false } });
    await new Promise((r) => setTimeout(r, 50));
    expect(made).toHaveLength(2);
  });
});
