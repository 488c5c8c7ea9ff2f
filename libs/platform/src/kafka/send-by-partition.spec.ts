import { Message, PartitionMetadata, Partitioners, RecordMetadata } from 'kafkajs';
import { sendByPartition } from './send-by-partition';

const partitions = (n: number): PartitionMetadata[] => Array.from({ length: n }, (_, partitionId) => ({ partitionId, leader: partitionId % 3, replicas: [0, 1, 2], isr: [0, 1, 2], partitionErrorCode: 0 }));

describe('sendByPartition', () => {
  it('sends each partition of each topic on its own, where the default partitioner puts each record, topics in order', async () => {
    const sends: { topic: string; messages: Message[] }[] = [];
    const transaction = {
      send: async (record: { topic: string; messages: Message[] }): Promise<RecordMetadata[]> => {
        sends.push(record);
        return [{ topicName: record.topic, partition: record.messages[0].partition ?? 0, errorCode: 0, baseOffset: String(sends.length) }];
      },
    };
    const keys = Array.from({ length: 40 }, (_, i) => `loan-${i}`);
    const topicMessages = [
      { topic: 'proposals', messages: [{ key: 'global', value: 'p' }] },
      { topic: 'loans', messages: keys.map((key) => ({ key, value: key })) },
    ];
    const sent = await sendByPartition(transaction as never, topicMessages, async (topic) => (topic === 'loans' ? partitions(4) : partitions(1)));

    // One send for the one-partition topic, first; then one per partition of the other.
    expect(sends[0]).toEqual({ topic: 'proposals', acks: -1, messages: [{ key: 'global', value: 'p' }] });
    const loanSends = sends.slice(1);
    expect(loanSends.length).toBe(4);
    const partitioner = Partitioners.DefaultPartitioner();
    for (const send of loanSends) {
      const at = new Set(send.messages.map((m) => m.partition));
      expect(at.size).toBe(1);
      for (const m of send.messages) expect([m.key, m.partition]).toEqual([m.key, partitioner({ topic: 'loans', partitionMetadata: partitions(4), message: m })]);
    }
    // Every record once, in its order within its partition; every send's answer returned.
    expect(loanSends.flatMap((s) => s.messages.map((m) => m.key)).sort()).toEqual([...keys].sort());
    for (const send of loanSends) expect(send.messages.map((m) => keys.indexOf(String(m.key)))).toEqual([...send.messages.map((m) => keys.indexOf(String(m.key)))].sort((a, b) => a - b));
    expect(sent.length).toBe(5);
  });

  it('sends a topic it cannot list partitions of in one send', async () => {
    const sends: string[] = [];
    const transaction = { send: async (record: { topic: string; messages: Message[] }) => (sends.push(`${record.topic}:${record.messages.length}`), []) };
    await sendByPartition(transaction as never, [{ topic: 'new', messages: [{ value: 'a' }, { value: 'b' }] }], async () => []);
    expect(sends).toEqual(['new:2']);
  });
});
