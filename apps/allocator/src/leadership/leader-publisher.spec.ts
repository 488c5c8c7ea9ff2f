import { Logger } from '@nestjs/common';
import { TOPICS } from '@imc/contracts';
import { OutgoingRecord } from '@imc/platform';
import { InMemoryBroker } from '@imc/platform/kafka/testing/in-memory-broker';
import { InputOffsets, LeaderPublisher, NotLeadingError } from './leader-publisher';

const proposal = (id: string): OutgoingRecord => ({ topic: TOPICS.proposals, key: 'global', value: { id } });
const dlq = (id: string): OutgoingRecord => ({ topic: TOPICS.dlq, key: id, value: Buffer.from(id), raw: true });
const ids = (broker: InMemoryBroker, topic: string): string[] => broker.committed(topic).map((v) => (topic === TOPICS.dlq ? String(v) : (JSON.parse(String(v)) as { id: string }).id));

function leader(broker: InMemoryBroker): { publisher: LeaderPublisher; fenced: string[] } {
  const fenced: string[] = [];
  const publisher = new LeaderPublisher(broker.kafka(), 'imc-allocator', () => true, (reason) => fenced.push(reason));
  return { publisher, fenced };
}

describe('LeaderPublisher under failures', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('publishes again after a commit that failed (kafkajs stays in COMMITTING): the transactional producer is replaced', async () => {
    const broker = new InMemoryBroker();
    const { publisher, fenced } = leader(broker);
    await publisher.claim();
    broker.fail('endTxn');
    await expect(publisher.publish([proposal('p-1')])).rejects.toThrow();
    await publisher.publish([proposal('p-2')]);
    // p-1's transaction never committed: the new producer's start aborted it.
    expect(ids(broker, TOPICS.proposals)).toEqual(['p-2']);
    expect(fenced).toEqual([]);
    await publisher.disconnect();
  });

  it('publishes again after a send and its abort both failed', async () => {
    const broker = new InMemoryBroker();
    const { publisher } = leader(broker);
    await publisher.claim();
    broker.fail('produce', { times: 3 });
    broker.fail('endTxn');
    await expect(publisher.publish([proposal('p-1')])).rejects.toThrow();
    broker.recover();
    await publisher.publish([proposal('p-2')]);
    expect(ids(broker, TOPICS.proposals)).toEqual(['p-2']);
  });

  it('writes the next proposal after a send whose reply was lost (a record of the aborted transaction is no duplicate for the next)', async () => {
    const broker = new InMemoryBroker();
    const { publisher } = leader(broker);
    await publisher.claim();
    broker.fail('produce', { afterApplying: true });
    broker.fail('produce', { times: 2 });
    await expect(publisher.publish([proposal('p-1')])).rejects.toThrow();
    broker.recover();
    await publisher.publish([proposal('p-2')]);
    expect(ids(broker, TOPICS.proposals)).toEqual(['p-2']);
  });

  it('writes the next dead letter after one that gave up with its reply lost', async () => {
    const broker = new InMemoryBroker();
    const { publisher } = leader(broker);
    broker.fail('produce', { afterApplying: true });
    broker.fail('produce', { times: 2 });
    await expect(publisher.publish([dlq('a')])).rejects.toThrow();
    broker.recover();
    await publisher.publish([dlq('b')]);
    expect(ids(broker, TOPICS.dlq)).toEqual(['a', 'b']);
  });

  it('still steps down, and publishes nothing more, when another allocator claimed the id', async () => {
    const broker = new InMemoryBroker();
    const old = leader(broker);
    await old.publisher.claim();
    const next = leader(broker);
    await next.publisher.claim();
    await expect(old.publisher.publish([proposal('p-old')])).rejects.toBeInstanceOf(NotLeadingError);
    expect(old.fenced).toHaveLength(1);
    await expect(old.publisher.publish([proposal('p-old-2')])).rejects.toBeInstanceOf(NotLeadingError);
    await next.publisher.publish([proposal('p-new')]);
    expect(ids(broker, TOPICS.proposals)).toEqual(['p-new']);
  });

  it('claim() returns the producer id and epoch of its InitProducerId, the later claim ordering after, and reports each new one', async () => {
    const broker = new InMemoryBroker();
    const reported: { producerId: string; epoch: number }[] = [];
    const first = new LeaderPublisher(broker.kafka(), 'imc-allocator', () => true, () => undefined, (c) => reported.push(c));
    const a = await first.claim();
    const second = new LeaderPublisher(broker.kafka(), 'imc-allocator', () => true, () => undefined, (c) => reported.push(c));
    const b = await second.claim();
    // The broker's own answers, not the idempotent InitProducerId kafkajs makes at connect.
    const handedOut = broker.producerIds.filter((p) => p.transactionalId === 'imc-allocator').map((p) => ({ producerId: String(p.producerId), epoch: p.epoch }));
    expect([a, b]).toEqual(handedOut);
    expect(b.epoch).toBe(a.epoch + 1);
    expect(reported).toEqual([a, b]);
    expect(second.currentClaim).toEqual(b);
  });

  it('after a failed commit, the InitProducerId of the new producer is the new claim', async () => {
    const broker = new InMemoryBroker();
    const reported: number[] = [];
    const publisher = new LeaderPublisher(broker.kafka(), 'imc-allocator', () => true, () => undefined, (c) => reported.push(c.epoch));
    await publisher.claim();
    broker.fail('endTxn');
    await expect(publisher.publish([proposal('p-1')])).rejects.toThrow();
    await publisher.publish([proposal('p-2')]);
    expect(reported).toEqual([0, 1]);
    expect(publisher.currentClaim?.epoch).toBe(1);
  });
});

describe('LeaderPublisher: input offsets in the transaction (issue 28, item 1)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  const offsets = (offset: string): InputOffsets => ({ consumerGroupId: 'imc-allocator', topics: [{ topic: TOPICS.clock, partitions: [{ partition: 0, offset }] }] });
  const committed = (broker: InMemoryBroker): string | undefined => broker.groupOffsets.get('imc-allocator')?.get(`${TOPICS.clock}:0`);

  it('commits the offsets with the plan, in one transaction, and alone when the plan publishes nothing', async () => {
    const broker = new InMemoryBroker();
    const { publisher } = leader(broker);
    await publisher.claim();
    await publisher.publish([proposal('p-1')], offsets('3'));
    expect(ids(broker, TOPICS.proposals)).toEqual(['p-1']);
    expect(committed(broker)).toBe('3');
    expect(broker.calls.filter((c) => c === 'txnOffsetCommit')).toHaveLength(1);
    await publisher.publish([], offsets('5'));
    expect(committed(broker)).toBe('5');
    expect(ids(broker, TOPICS.proposals)).toEqual(['p-1']);
  });

  it('a fenced leader commits no input offset: they abort with its proposal', async () => {
    const broker = new InMemoryBroker();
    const old = leader(broker);
    await old.publisher.claim();
    await old.publisher.publish([proposal('p-1')], offsets('3'));
    const next = leader(broker);
    await next.publisher.claim();
    await expect(old.publisher.publish([proposal('p-old')], offsets('4'))).rejects.toBeInstanceOf(NotLeadingError);
    await expect(old.publisher.publish([], offsets('4'))).rejects.toBeInstanceOf(NotLeadingError);
    expect(old.fenced).toHaveLength(1);
    expect(committed(broker)).toBe('3');
    expect(ids(broker, TOPICS.proposals)).toEqual(['p-1']);
  });

  it('a transaction that fails commits no offset, and the next carries them', async () => {
    const broker = new InMemoryBroker();
    const { publisher } = leader(broker);
    await publisher.claim();
    broker.fail('endTxn');
    await expect(publisher.publish([proposal('p-1')], offsets('3'))).rejects.toThrow();
    expect(committed(broker)).toBeUndefined();
    await publisher.publish([proposal('p-2')], offsets('4'));
    expect(committed(broker)).toBe('4');
  });
});
