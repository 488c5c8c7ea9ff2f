import type { Kafka, ProducerConfig } from 'kafkajs';

/**
 * A one-broker Kafka in memory, behind kafkajs's own producer code (its retries, sequence
 * numbers, transaction state machine): for unit specs of what the services do when a produce
 * reply is lost, a commit fails or another producer takes a transactional id over. The broker
 * keeps the rules that matter there as Kafka does: a batch whose sequence range it already holds
 * for that producer id is acknowledged and not written again; a stale epoch is fenced; a
 * transaction's records are read only once committed. Not for e2e specs, which use a real broker.
 */

// kafkajs's internals, without types: required directly (the public Kafka class would open sockets).
const createProducer = require('kafkajs/src/producer') as (options: Record<string, unknown>) => ReturnType<Kafka['producer']>;
const { createLogger, LEVELS } = require('kafkajs/src/loggers') as { createLogger: (o: { level: number; logCreator: unknown }) => unknown; LEVELS: { NOTHING: number } };
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as { createErrorFromCode: (code: number) => Error };
const { KafkaJSConnectionError } = require('kafkajs/src/errors') as { KafkaJSConnectionError: new (message: string) => Error };

export type BrokerOp = 'initProducerId' | 'produce' | 'addPartitionsToTxn' | 'endTxn' | 'addOffsetsToTxn' | 'txnOffsetCommit';

interface Fault {
  op: BrokerOp;
  /** Apply the request, then lose the reply (the client sees an error). */
  afterApplying: boolean;
  error: () => Error;
}

interface StoredRecord {
  topic: string;
  value: string | null;
  /** Undefined outside a transaction. */
  txn?: { transactionalId: string; state: 'open' | 'committed' | 'aborted' };
}

interface Batch {
  firstSequence: number;
  lastSequence: number;
}

interface TxnState {
  producerId: number;
  epoch: number;
  open: StoredRecord[];
  offsets: { groupId: string; topic: string; partition: number; offset: string }[];
}

export const lostReply = (): Error => new KafkaJSConnectionError('Connection timeout (the reply was lost)');

export class InMemoryBroker {
  readonly log: StoredRecord[] = [];
  /** Offsets committed per group, as `topic:partition` -> offset (plain and transactional commits). */
  readonly groupOffsets = new Map<string, Map<string, string>>();
  /** While down, every request fails as a broker that does not answer. */
  down = false;
  private readonly faults: Fault[] = [];
  private nextProducerId = 1000;
  private readonly batches = new Map<string, Batch[]>();
  private readonly transactions = new Map<string, TxnState>();
  readonly calls: BrokerOp[] = [];

  /** The next `times` requests of `op` fail; with `afterApplying`, after the broker applied them. */
  fail(op: BrokerOp, options: { times?: number; afterApplying?: boolean; error?: () => Error } = {}): void {
    for (let i = 0; i < (options.times ?? 1); i++) this.faults.push({ op, afterApplying: options.afterApplying ?? false, error: options.error ?? lostReply });
  }

  /** The broker answers again: faults not yet met are dropped. */
  recover(): void {
    this.faults.length = 0;
    this.down = false;
  }

  /** Values a read_committed reader gets from `topic`, in log order. */
  committed(topic: string): (string | null)[] {
    return this.log.filter((r) => r.topic === topic && (r.txn === undefined || r.txn.state === 'committed')).map((r) => r.value);
  }

  /** Producer ids and epochs handed out, newest last. */
  readonly producerIds: { producerId: number; epoch: number; transactionalId?: string }[] = [];

  private async handle<T>(op: BrokerOp, apply: () => T): Promise<T> {
    this.calls.push(op);
    await Promise.resolve();
    if (this.down) throw lostReply();
    const i = this.faults.findIndex((f) => f.op === op);
    const fault = i >= 0 ? this.faults.splice(i, 1)[0] : undefined;
    if (fault && !fault.afterApplying) throw fault.error();
    const result = apply();
    if (fault) throw fault.error();
    return result;
  }

  private checkEpoch(transactionalId: string | undefined, producerId: number, epoch: number): void {
    if (transactionalId === undefined) return;
    const txn = this.transactions.get(transactionalId);
    // INVALID_PRODUCER_EPOCH: another producer initialised this transactional id since.
    if (!txn || txn.producerId !== producerId || txn.epoch !== epoch) throw createErrorFromCode(47);
  }

  private endOpen(txn: TxnState, state: 'committed' | 'aborted'): void {
    for (const r of txn.open) if (r.txn) r.txn.state = state;
    txn.open = [];
    if (state === 'committed') for (const o of txn.offsets) this.commitOffset(o.groupId, o.topic, o.partition, o.offset);
    txn.offsets = [];
  }

  private commitOffset(groupId: string, topic: string, partition: number, offset: string): void {
    const group = this.groupOffsets.get(groupId) ?? new Map<string, string>();
    group.set(`${topic}:${partition}`, offset);
    this.groupOffsets.set(groupId, group);
  }

  /** The broker object kafkajs talks to. */
  readonly node = {
    nodeId: 0,
    initProducerId: ({ transactionalId }: { transactionalId?: string }) =>
      this.handle('initProducerId', () => {
        if (transactionalId === undefined) {
          const producerId = this.nextProducerId++;
          this.producerIds.push({ producerId, epoch: 0 });
          return { producerId, producerEpoch: 0 };
        }
        const held = this.transactions.get(transactionalId);
        // A new epoch of the same id: whatever the previous one left open is aborted.
        if (held) this.endOpen(held, 'aborted');
        const next: TxnState = { producerId: held?.producerId ?? this.nextProducerId++, epoch: held ? held.epoch + 1 : 0, open: [], offsets: [] };
        this.transactions.set(transactionalId, next);
        this.producerIds.push({ producerId: next.producerId, epoch: next.epoch, transactionalId });
        return { producerId: next.producerId, producerEpoch: next.epoch };
      }),
    produce: ({ transactionalId, producerId, producerEpoch, topicData }: { transactionalId?: string; producerId: number; producerEpoch: number; topicData: { topic: string; partitions: { partition: number; firstSequence: number; messages: { value: Buffer | string | null }[] }[] }[] }) =>
      this.handle('produce', () => {
        this.checkEpoch(transactionalId, producerId, producerEpoch);
        const topics = topicData.map(({ topic, partitions }) => ({
          topicName: topic,
          partitions: partitions.map(({ partition, firstSequence, messages }) => {
            const key = `${producerId}/${producerEpoch}/${topic}/${partition}`;
            const held = this.batches.get(key) ?? [];
            const lastSequence = firstSequence + messages.length - 1;
            const expected = held.length === 0 ? 0 : held[held.length - 1].lastSequence + 1;
            if (held.some((b) => b.firstSequence === firstSequence && b.lastSequence === lastSequence)) {
              // A retry of a batch already written: acknowledged, not written again.
              return { partition, errorCode: 0, baseOffset: '0' };
            }
            // OUT_OF_ORDER_SEQUENCE_NUMBER
            if (firstSequence !== expected) throw createErrorFromCode(45);
            this.batches.set(key, [...held, { firstSequence, lastSequence }].slice(-5));
            for (const m of messages) {
              const record: StoredRecord = { topic, value: m.value === null ? null : m.value.toString() };
              if (transactionalId !== undefined) {
                record.txn = { transactionalId, state: 'open' };
                this.transactions.get(transactionalId)?.open.push(record);
              }
              this.log.push(record);
            }
            return { partition, errorCode: 0, baseOffset: String(this.log.length - messages.length) };
          }),
        }));
        return { topics };
      }),
    addPartitionsToTxn: ({ transactionalId, producerId, producerEpoch }: { transactionalId: string; producerId: number; producerEpoch: number }) =>
      this.handle('addPartitionsToTxn', () => {
        this.checkEpoch(transactionalId, producerId, producerEpoch);
        return {};
      }),
    addOffsetsToTxn: ({ transactionalId, producerId, producerEpoch }: { transactionalId: string; producerId: number; producerEpoch: number }) =>
      this.handle('addOffsetsToTxn', () => {
        this.checkEpoch(transactionalId, producerId, producerEpoch);
        return {};
      }),
    txnOffsetCommit: ({ transactionalId, producerId, producerEpoch, groupId, topics }: { transactionalId: string; producerId: number; producerEpoch: number; groupId: string; topics: { topic: string; partitions: { partition: number; offset: string }[] }[] }) =>
      this.handle('txnOffsetCommit', () => {
        this.checkEpoch(transactionalId, producerId, producerEpoch);
        const txn = this.transactions.get(transactionalId);
        for (const { topic, partitions } of topics) for (const { partition, offset } of partitions) txn?.offsets.push({ groupId, topic, partition, offset });
        return {};
      }),
    endTxn: ({ transactionalId, producerId, producerEpoch, transactionResult }: { transactionalId: string; producerId: number; producerEpoch: number; transactionResult: boolean }) =>
      this.handle('endTxn', () => {
        this.checkEpoch(transactionalId, producerId, producerEpoch);
        const txn = this.transactions.get(transactionalId);
        if (txn) this.endOpen(txn, transactionResult ? 'committed' : 'aborted');
        return {};
      }),
  };

  /** The cluster object kafkajs's producer is built on: one broker, one partition per topic. */
  private cluster(): Record<string, unknown> {
    const node = this.node;
    return {
      retry: { initialRetryTime: 1, retries: 2, maxRetryTime: 5, factor: 0, multiplier: 1 },
      connect: async () => undefined,
      disconnect: async () => undefined,
      isConnected: () => true,
      refreshMetadata: async () => undefined,
      refreshMetadataIfNecessary: async () => undefined,
      addMultipleTargetTopics: async () => undefined,
      findTopicPartitionMetadata: () => [{ partitionId: 0, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }],
      findLeaderForPartitions: (_topic: string, partitions: string[]) => ({ 0: partitions.map(Number) }),
      findBroker: async () => node,
      findControllerBroker: async () => node,
      findGroupCoordinator: async () => node,
      removeBroker: () => undefined,
      markOffsetAsCommitted: () => undefined,
    };
  }

  /** A Kafka client whose producers are kafkajs's, talking to this broker. Producers only. */
  kafka(): Kafka {
    const logger = createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined });
    const producer = (config: ProducerConfig = {}): ReturnType<Kafka['producer']> =>
      createProducer({
        ...config,
        cluster: this.cluster(),
        logger,
        retry: { initialRetryTime: 1, retries: 2, maxRetryTime: 5, factor: 0, multiplier: 1, ...config.retry },
      });
    return { producer } as unknown as Kafka;
  }
}
