import { Logger } from '@nestjs/common';
import { INPUT_TOPICS, errorMessage } from '@imc/contracts';
import { AssignerProtocol, Consumer, EachMessagePayload, GroupMember, Kafka, PartitionAssigner, PartitionAssigners } from 'kafkajs';
import { compareClaims, isClaim, ProducerClaim } from '../leadership/claim';
import { IngestService } from './ingest.service';
import { InputPositions } from './input-positions';

const PROTOCOL = 'imc-inputs';

/** Within the input group's session timeout: how often a long handling (a plan, a publish retried) heartbeats. */
const HEARTBEAT_WHILE_HANDLING_MS = 1000;

function claimOf(member: GroupMember): ProducerClaim | undefined {
  try {
    const userData = AssignerProtocol.MemberMetadata.decode(member.memberMetadata)?.userData;
    const claim = userData && userData.length > 0 ? (JSON.parse(userData.toString('utf8')) as { claim?: unknown }).claim : undefined;
    return isClaim(claim) ? claim : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which member of the input group reads the inputs: all of them go to the member with the latest
 * claim of the transactional id (the one producer the broker lets commit), none to the others. A
 * former leader that comes back from a pause and rejoins the group while the new leader is in it
 * is given nothing. Without any claim (not expected: only a leader joins), the smallest member id.
 */
export function inputHolder(members: readonly { memberId: string; claim: ProducerClaim | undefined }[]): string | undefined {
  const byId = (a: { memberId: string }, b: { memberId: string }): number => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0);
  const claiming = members.filter((m) => m.claim !== undefined).sort((a, b) => compareClaims(b.claim as ProducerClaim, a.claim as ProducerClaim) || byId(a, b));
  return (claiming[0] ?? [...members].sort(byId)[0])?.memberId;
}

export function inputAssigner(claim: () => ProducerClaim | undefined): PartitionAssigner {
  return ({ cluster }) => ({
    name: PROTOCOL,
    version: 1,
    protocol: ({ topics }) => ({
      name: PROTOCOL,
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.from(JSON.stringify({ claim: claim() ?? null })) }),
    }),
    assign: async ({ members, topics }) => {
      const holder = inputHolder(members.map((m) => ({ memberId: m.memberId, claim: claimOf(m) })));
      const all: Record<string, number[]> = {};
      for (const topic of topics) all[topic] = cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId);
      return members.map((m) => ({
        memberId: m.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: m.memberId === holder ? all : {}, userData: Buffer.alloc(0) }),
      }));
    },
  });
}

/** Runs `work`, heartbeating the group meanwhile, so that a long plan or publish does not cost the membership. */
async function heartbeating<T>(work: Promise<T>, heartbeat: () => Promise<void>): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), HEARTBEAT_WHILE_HANDLING_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/**
 * The leader's consumer of the input topics, in the group `<IMC_INSTANCE>-allocator`. It commits
 * nothing itself: each record handled moves InputPositions, and the offsets are committed in the
 * transaction that publishes the plan fed by those records (LeaderPublisher, PlanningService). It
 * joins only once this allocator leads (claimed the transactional id), and leaves the group first
 * when it steps down.
 */
export class InputConsumer {
  private readonly logger = new Logger(InputConsumer.name);
  private consumer: Consumer | undefined;
  /** No record is handled any more (stepping down, shutting down, or a record left for the next start). */
  private halted = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly positions: InputPositions,
    private readonly ingest: IngestService,
    /** This allocator's claim of the transactional id, said in its group metadata. */
    private readonly claim: () => ProducerClaim | undefined,
    /** A record handled that needs no plan (a duplicate, a dead letter) still has an offset to commit. */
    private readonly handled: () => void,
    /**
     * The lease's timeout: a leader killed without leaving the group loses its inputs when it
     * loses the lease, so the new leader consumes right after its takeover rather than after a
     * longer input session. Heartbeats go on while a record waits for a plan (see heartbeating).
     */
    private readonly sessionTimeoutMs = 6000,
  ) {}

  get groupId(): string {
    return this.positions.consumerGroupId;
  }

  async start(): Promise<Consumer> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: this.sessionTimeoutMs,
      heartbeatInterval: Math.floor(this.sessionTimeoutMs / 5),
      // RoundRobin second: a group with an allocator of an earlier release in it (rolling upgrade) still forms.
      partitionAssigners: [inputAssigner(this.claim), PartitionAssigners.roundRobin],
      retry: { initialRetryTime: 300, retries: 30, maxRetryTime: 5000 },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...INPUT_TOPICS], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachMessage: (payload) => this.take(payload) });
    return consumer;
  }

  private async take({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    if (this.halted) return;
    try {
      await heartbeating(this.ingest.handle({ topic, partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers }), heartbeat);
    } catch (error) {
      // Only while shutting down (a dead letter could not be published): the record is neither
      // applied nor dead-lettered, so no offset moves past it any more; it is read again after
      // the restart. Never rethrown: a throw makes kafkajs restart the consumer on the same record.
      this.halted = true;
      this.logger.warn({ msg: 'record left for the next start', topic, partition, offset: message.offset, error: errorMessage(error) });
      return;
    }
    if (this.halted) return;
    this.positions.advance(topic, partition, message.offset);
    this.handled();
  }

  /** Handles no more records (their offsets stay where they are). */
  halt(): void {
    this.halted = true;
  }

  /** Stops handling and leaves the group (LeaveGroup), so the group rebalances at once rather than after the session timeout. */
  async leave(): Promise<void> {
    this.halted = true;
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }
}
