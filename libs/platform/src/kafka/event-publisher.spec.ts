import { Logger } from '@nestjs/common';
import { EventPublisher } from './event-publisher';
import { InMemoryBroker } from './testing/in-memory-broker';

const record = (id: string) => ({ topic: 'imc.decisions', key: id, value: { id } });

describe('EventPublisher', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('after a publish that gave up, the next record is written, not taken for a duplicate of the lost one', async () => {
    const broker = new InMemoryBroker();
    const publisher = new EventPublisher(broker.kafka());
    // A is written, but its reply is lost and every retry finds the broker away.
    broker.fail('produce', { afterApplying: true });
    broker.fail('produce', { times: 10 });
    await expect(publisher.publish([record('A')])).rejects.toThrow();
    broker.recover();
    // The broker is back: B has A's size, so with A's sequence it would match A's batch.
    await publisher.publish([record('B')]);
    expect(broker.committed('imc.decisions').map((v) => JSON.parse(String(v)).id)).toEqual(['A', 'B']);
    // B went out under a producer id of its own.
    expect(new Set(broker.producerIds.map((p) => p.producerId)).size).toBe(2);
    await publisher.disconnect();
  });

  it('keeps its producer while publishes succeed', async () => {
    const broker = new InMemoryBroker();
    const publisher = new EventPublisher(broker.kafka());
    await publisher.publish([record('A')]);
    await publisher.publish([record('B')]);
    expect(broker.committed('imc.decisions')).toHaveLength(2);
    expect(broker.producerIds).toHaveLength(1);
  });
});
