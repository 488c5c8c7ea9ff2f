import { Message, PartitionMetadata, Partitioners, RecordMetadata, Transaction } from 'kafkajs';

/**
 * A transaction's records, sent one partition at a time in the order of their topics, instead of
 * kafkajs's sendBatch. sendBatch sends to every leader at once; when one request fails, it retries
 * the leaders that have not answered yet, though their first request may still be in flight. When
 * that request succeeds after all, the retry goes out behind it under the next sequence number, and
 * the broker writes the records a second time, in the same transaction, which then commits. The
 * three-broker spec found a replayed moment's consents on their topic twice that way. With one
 * partition per send, a request has one leader, and a retry reuses the sequence number of the
 * request that failed: a copy the broker did write is recognised.
 *
 * Partitions are chosen as the producer would choose them: its default partitioner, over the
 * topic's partitions as `partitionsOf` lists them. A topic with at most one listed partition gets
 * its records in one send (so does one not created yet, or a caller that lists none).
 */
export async function sendByPartition(transaction: Pick<Transaction, 'send'>, topicMessages: { topic: string; messages: Message[] }[], partitionsOf: (topic: string) => Promise<PartitionMetadata[]>): Promise<RecordMetadata[]> {
  const partitioner = Partitioners.DefaultPartitioner();
  const sent: RecordMetadata[] = [];
  for (const { topic, messages } of topicMessages) {
    const partitionMetadata = await partitionsOf(topic);
    if (partitionMetadata.length <= 1) {
      sent.push(...(await transaction.send({ topic, acks: -1, messages })));
      continue;
    }
    const byPartition = new Map<number, Message[]>();
    for (const message of messages) {
      const partition = partitioner({ topic, partitionMetadata, message });
      byPartition.set(partition, [...(byPartition.get(partition) ?? []), { ...message, partition }]);
    }
    for (const group of byPartition.values()) sent.push(...(await transaction.send({ topic, acks: -1, messages: group })));
  }
  return sent;
}
