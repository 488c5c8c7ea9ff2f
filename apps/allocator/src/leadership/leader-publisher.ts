import { Logger } from '@nestjs/common';
import { TOPICS, errorMessage } from '@imc/contracts';
import { EventPublisher, OutgoingRecord, sendByPartition, toKafkaMessage } from '@imc/platform';
import { Kafka, Offsets, Partitioners, Producer } from 'kafkajs';
import { observeInitProducerId, ProducerClaim } from './claim';

/** Refused because this allocator does not lead (any more): never worth a retry. */
export class NotLeadingError extends Error {
  readonly final = true;
  constructor(message: string) {
    super(message);
    this.name = 'NotLeadingError';
  }
}

/**
 * Input offsets to commit for the allocator's input group inside a transaction
 * (`transaction.sendOffsets`): committed with what it publishes, aborted with it.
 */
export type InputOffsets = Offsets & { consumerGroupId: string };

/** kafkajs did not report the epoch of InitProducerId (see observeInitProducerId): no claim to lead by. */
export class ClaimUnknownError extends Error {
  readonly final = true;
  constructor() {
    super('InitProducerId succeeded but kafkajs did not report the producer id and epoch (has kafkajs changed?): this allocator cannot order its claim and does not lead');
    this.name = 'ClaimUnknownError';
  }
}

/** The outputs that make the plan: the version sequence and the loans. Written in one transaction. */
const TRANSACTIONAL_TOPICS: ReadonlySet<string> = new Set([TOPICS.proposals, TOPICS.loans]);

/**
 * Kafka's verdict that another producer took our transactional id over (it fenced us), or that the
 * broker expired our transaction: either way this process is no longer the one that publishes.
 */
export function isFencing(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = (e as Error & { originalError?: unknown; cause?: unknown }).originalError ?? (e as Error & { cause?: unknown }).cause) {
    const { type, code } = e as Error & { type?: string; code?: number };
    if (type === 'INVALID_PRODUCER_EPOCH' || type === 'PRODUCER_FENCED' || code === 47 || code === 90) return true;
    if (/fenced|old epoch|producer.*epoch/i.test(e.message)) return true;
  }
  return false;
}

/**
 * The allocator's publisher. Proposals and loans go through a transactional producer with the
 * deployment's fixed transactional id: taking leadership (`claim`) bumps the id's epoch, which
 * aborts whatever the former leader left open and makes every later write of its producer fail, so
 * a paused or partitioned former leader can never publish a proposal. Dead letters and the
 * compaction guard's rewrites stay on the plain idempotent producer (their readers count offsets,
 * which transaction markers would upset), and are refused unless this allocator leads.
 */
export class LeaderPublisher extends EventPublisher {
  private readonly log = new Logger(LeaderPublisher.name);
  private transactional: Producer;
  /** The transactional producer has its producer id (InitProducerId done) and no transaction left in doubt. */
  private ready = false;
  private claimed = false;
  private fenced = false;
  /** One transaction at a time: kafkajs refuses a second while one is open. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The producer id and epoch of the last InitProducerId this allocator's producer completed. */
  private claimValue: ProducerClaim | undefined;
  private lastInit: ProducerClaim | undefined;

  constructor(
    private readonly client: Kafka,
    readonly transactionalId: string,
    /** True while this allocator holds the lease; checked before every write. */
    private readonly leading: () => boolean,
    /** Called once when Kafka says another allocator took over. */
    private readonly onFenced: (reason: string) => void,
    /** Called with the producer id and epoch of each InitProducerId: the claim the lease orders by. */
    private readonly onClaim: (claim: ProducerClaim) => void = () => undefined,
  ) {
    super(client);
    this.transactional = this.newTransactional();
  }

  private newTransactional(): Producer {
    const producer = this.client.producer({
      transactionalId: this.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // A leader killed mid-transaction is aborted by the next leader's claim; this bounds the
      // wait for readers only if no allocator comes back at all.
      transactionTimeout: 30_000,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    observeInitProducerId(producer, (claim) => {
      if (producer === this.transactional) this.lastInit = claim;
    });
    return producer;
  }

  /** The producer id and epoch this allocator obtained when it last claimed the transactional id. */
  get currentClaim(): ProducerClaim | undefined {
    return this.claimValue;
  }

  /**
   * Takes the transactional id over: from here on the former leader's producer is fenced. Only the
   * allocator that holds the lease calls this.
   */
  async claim(): Promise<ProducerClaim> {
    await this.initialise();
    this.claimed = true;
    return this.claimValue as ProducerClaim;
  }

  /**
   * InitProducerId under the fixed id (bumping its epoch, aborting what an earlier one left open).
   * The epoch it obtained is this allocator's claim, also when a new producer replaces a failed one.
   */
  private async initialise(): Promise<void> {
    if (this.ready) return;
    // connect() makes an InitProducerId of its own without the transactional id (kafkajs's
    // idempotent half): not the claim.
    await this.transactional.connect();
    this.lastInit = undefined;
    // The id's epoch is bumped when the first transaction starts (InitProducerId); an empty one.
    const tx = await this.transactional.transaction();
    const claim = this.lastInit as ProducerClaim | undefined;
    await tx.abort();
    if (!claim) throw new ClaimUnknownError();
    this.claimValue = claim;
    this.ready = true;
    this.onClaim(claim);
  }

  /**
   * After a transaction failed for any reason but fencing. kafkajs leaves a producer whose commit
   * or abort failed in COMMITTING or ABORTING for good (every later transaction is refused), and a
   * send that gave up rolls its sequence back under the same producer id and epoch, so the next
   * transaction's batch could be taken for the lost one's duplicate. A new producer under the same
   * id starts with InitProducerId, which bumps the epoch and settles whatever was left in doubt
   * (aborted, or completed if the commit had reached the coordinator). Done before the next
   * transaction, and only while the lease says this allocator leads (publish checks it first).
   */
  private replaceTransactional(error: unknown): void {
    const failed = this.transactional;
    this.transactional = this.newTransactional();
    this.ready = false;
    this.log.warn({ msg: 'transaction failed: the next one starts with a new transactional producer', error: errorMessage(error) });
    void failed.disconnect().catch(() => undefined);
  }

  /**
   * Publishes the records; those of the plan (proposals, loans) in one transaction, with `inputs`,
   * the input offsets to commit with them (consume-transform-produce as Kafka defines exactly
   * once: a fenced or failed transaction commits neither). With no records of the plan, the
   * offsets alone make the transaction.
   */
  override async publish(records: OutgoingRecord[], inputs?: InputOffsets): Promise<void> {
    const offsets = inputs && inputs.topics.some((t) => t.partitions.length > 0) ? inputs : undefined;
    if (records.length === 0 && !offsets) return;
    if (!this.leading() || this.fenced) throw new NotLeadingError('this allocator does not lead: nothing is published');
    const plain = records.filter((r) => !TRANSACTIONAL_TOPICS.has(r.topic));
    const inTransaction = records.filter((r) => TRANSACTIONAL_TOPICS.has(r.topic));
    if (plain.length > 0) await super.publish(plain);
    if (inTransaction.length > 0 || offsets) await this.serialized(() => this.publishTransaction(inTransaction, offsets));
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async publishTransaction(records: OutgoingRecord[], offsets: InputOffsets | undefined): Promise<void> {
    if (!this.claimed) throw new NotLeadingError('the transactional id was not claimed');
    if (this.fenced) throw new NotLeadingError('fenced by another allocator');
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const r of records) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
    let tx: Awaited<ReturnType<Producer['transaction']>> | undefined;
    try {
      await this.initialise();
      tx = await this.transactional.transaction();
      // A topic per send (see sendByPartition): the proposals and the loans have leaders of their
      // own, and kafkajs's sendBatch could write one topic's records twice in the transaction when
      // the other's leader failed. A loans topic of several partitions still goes in one send.
      if (records.length > 0) await sendByPartition(tx, [...byTopic.entries()].map(([topic, rs]) => ({ topic, messages: rs.map(toKafkaMessage) })), async () => []);
      if (offsets) await tx.sendOffsets(offsets);
      await tx.commit();
    } catch (error) {
      if (isFencing(error)) {
        this.fenced = true;
        const reason = `fenced: another allocator took transactional id ${this.transactionalId} over (${errorMessage(error)})`;
        this.onFenced(reason);
        throw new NotLeadingError(reason);
      }
      // Not committed: abort at once so that readers are not held at this transaction meanwhile.
      if (tx?.isActive()) await tx.abort().catch((e: unknown) => this.log.warn({ msg: 'abort after a failed publish', error: errorMessage(e) }));
      this.replaceTransactional(error);
      throw error;
    }
  }

  override async disconnect(): Promise<void> {
    await super.disconnect();
    await this.transactional.disconnect().catch(() => undefined);
  }
}
