import { TOPICS } from '@imc/contracts';
import { AssignerProtocol } from 'kafkajs';
import { inputAssigner, inputHolder } from './input-consumer';
import { InputPositions } from '../leadership/input-positions';

describe('InputPositions', () => {
  it('offers the next offset of each partition handled and not committed, never moving back after a rebalance reads again', () => {
    const positions = new InputPositions('eo-allocator');
    expect(positions.pending()).toBeUndefined();
    positions.advance(TOPICS.clock, 0, '4');
    positions.advance(TOPICS.units, 0, '9');
    positions.advance(TOPICS.clock, 0, '2');
    const pending = positions.pending();
    expect(pending).toEqual({ consumerGroupId: 'eo-allocator', topics: [{ topic: TOPICS.clock, partitions: [{ partition: 0, offset: '5' }] }, { topic: TOPICS.units, partitions: [{ partition: 0, offset: '10' }] }] });
    positions.committedUpTo(pending!);
    expect(positions.pending()).toBeUndefined();
    positions.advance(TOPICS.units, 0, '10');
    expect(positions.pending()?.topics).toEqual([{ topic: TOPICS.units, partitions: [{ partition: 0, offset: '11' }] }]);
  });
});

describe('the input group assignor', () => {
  it('gives every partition to the member with the latest claim, none to a former leader that rejoined', async () => {
    expect(inputHolder([{ memberId: 'a', claim: { producerId: '7', epoch: 3 } }, { memberId: 'b', claim: { producerId: '7', epoch: 4 } }])).toBe('b');
    expect(inputHolder([{ memberId: 'b', claim: undefined }, { memberId: 'a', claim: undefined }])).toBe('a');

    const cluster = { findTopicPartitionMetadata: (topic: string) => (topic === TOPICS.clock ? [{ partitionId: 0 }, { partitionId: 1 }] : [{ partitionId: 0 }]) };
    const meta = (epoch: number): Buffer => inputAssigner(() => ({ producerId: '7', epoch }))({ cluster, groupId: 'g', logger: {} } as never).protocol({ topics: [TOPICS.clock, TOPICS.units] }).metadata;
    const assigner = inputAssigner(() => ({ producerId: '7', epoch: 3 }))({ cluster, groupId: 'g', logger: {} } as never);
    const result = await assigner.assign({ members: [{ memberId: 'old', memberMetadata: meta(3) }, { memberId: 'new', memberMetadata: meta(4) }], topics: [TOPICS.clock, TOPICS.units] });
    const of = (id: string) => AssignerProtocol.MemberAssignment.decode(result.find((r) => r.memberId === id)!.memberAssignment)?.assignment;
    expect(of('new')).toEqual({ [TOPICS.clock]: [0, 1], [TOPICS.units]: [0] });
    expect(of('old')).toEqual({});
  });
});
